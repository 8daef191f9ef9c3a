using Orleans.Placement;

namespace Battleship.Grains.Placement;

/// <summary>
/// Keeps a grain on the silos whose metadata says <c>role=trainer</c>: training jobs, self-play
/// workers and DQN policies need TorchSharp and CPU that game silos must not spend. Every silo
/// registers the filter's director (ServiceDefaults does); when no trainer silo is up, placing such a
/// grain fails with <see cref="ErrorCode.Unavailable"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TrainerSilosOnlyAttribute() : PlacementFilterAttribute(new TrainerSilosOnlyStrategy());

/// <summary>The placement filter strategy behind <see cref="TrainerSilosOnlyAttribute"/>.</summary>
public sealed class TrainerSilosOnlyStrategy() : PlacementFilterStrategy(order: 0)
{
    /// <summary>The silo metadata key that names a silo's role.</summary>
    public const string RoleKey = "role";

    /// <summary>The role of the silos this filter keeps.</summary>
    public const string TrainerRole = "trainer";
}

/// <summary>
/// Places activations of one grain type round-robin by the integer part of their compound key
/// (the worker index) over the compatible silos, ordered by address: with two trainer silos a job's
/// workers 0, 2, 4… land on one and 1, 3, 5… on the other, deterministically.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadByIndexPlacementAttribute() : PlacementAttribute(SpreadByIndexPlacement.Instance);

/// <summary>The placement strategy behind <see cref="SpreadByIndexPlacementAttribute"/>.</summary>
[GenerateSerializer, Immutable, Alias("battleship.spread-by-index-placement")]
public sealed class SpreadByIndexPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SpreadByIndexPlacement Instance { get; } = new();
}
