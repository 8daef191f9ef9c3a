using Battleship.Grains;
using Battleship.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Hosting.Placement;

/// <summary>Registers the placement rules of trainer grains; every silo of the cluster needs them.</summary>
public static class TrainerPlacement
{
    /// <summary>Adds the <see cref="TrainerSilosOnlyAttribute"/> filter and the <see cref="SpreadByIndexPlacementAttribute"/> director.</summary>
    /// <param name="services">The silo's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddTrainerPlacement(this IServiceCollection services)
    {
        services.AddPlacementFilter<TrainerSilosOnlyStrategy, TrainerSilosOnlyDirector>(ServiceLifetime.Singleton);
        services.AddPlacementDirector<SpreadByIndexPlacement, SpreadByIndexDirector>();
        return services;
    }
}

/// <summary>Keeps the silos whose metadata has <c>role=trainer</c>; none is an <see cref="ErrorCode.Unavailable"/> refusal.</summary>
internal sealed class TrainerSilosOnlyDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var trainers = silos
            .Where(silo =>
                metadata.GetSiloMetadata(silo).Metadata.TryGetValue(TrainerSilosOnlyStrategy.RoleKey, out var role)
                && role == TrainerSilosOnlyStrategy.TrainerRole
            )
            .ToList();
        if (trainers.Count == 0)
        {
            throw new BattleshipException(
                ErrorCode.Unavailable,
                "No trainer silo is up: training and DQN agents need one (make trainer-silo, or make train)."
            );
        }
        return trainers;
    }
}

/// <summary>Picks silo <c>index mod n</c> of the compatible silos in address order (the index is the key's integer extension).</summary>
internal sealed class SpreadByIndexDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        if (silos.Length == 0)
        {
            throw new BattleshipException(ErrorCode.Unavailable, "No silo can host this grain.");
        }
        var index = target.GrainIdentity.TryGetGuidKey(out _, out var extension) && long.TryParse(extension, out var n) ? n : 0;
        return Task.FromResult(silos[(int)(Math.Abs(index) % silos.Length)]);
    }
}
