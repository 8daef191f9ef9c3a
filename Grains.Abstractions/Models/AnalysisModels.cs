using Battleship.Engine;

namespace Battleship.Grains.Models;

/// <summary>
/// An agent's view of one position, from what the shooter knows: the chance of a hit on every
/// cell (0 for cells fired at) and the cell it would fire at.
/// </summary>
/// <param name="HitProbabilities">One chance in [0, 1] per cell, row by row.</param>
/// <param name="Cell">The cell the agent would fire at (never one fired at before).</param>
/// <param name="Source">Who answered: <see cref="AnalysisSources.Dqn"/> or <see cref="AnalysisSources.Density"/>.</param>
[GenerateSerializer, Immutable, Alias("battleship.shot-analysis")]
public sealed record ShotAnalysis(
    [property: Id(0)] IReadOnlyList<float> HitProbabilities,
    [property: Id(1)] int Cell,
    [property: Id(2)] string Source
);

/// <summary>Who computed an analysis.</summary>
public static class AnalysisSources
{
    /// <summary>The shipped DQN policy, on a trainer silo.</summary>
    public const string Dqn = "dqn";

    /// <summary>The probability-density heuristic, on the game silo (when no trainer silo is up).</summary>
    public const string Density = "density";
}

/// <summary>
/// The agent's view of one move of a finished match: the position just before it, as the move's
/// player (the shooter) knew it — their own shots and what each one found, the ships they sank
/// with their cells, the ships still afloat — and never the defender's hidden fleet.
/// </summary>
/// <param name="MatchId">The match.</param>
/// <param name="Move">The move's index in the replay's moves (0-based).</param>
/// <param name="Shooter">The seat (0 or 1) that made the move.</param>
/// <param name="Kind">A shot, or a resignation (the shooter gave up in that position).</param>
/// <param name="FiredCell">The cell the shooter fired at; null for a resignation.</param>
/// <param name="HitProbabilities">One chance in [0, 1] per cell of the defender's board, row by row; 0 for cells the shooter had fired at.</param>
/// <param name="SuggestedCell">The cell the agent would have fired at.</param>
/// <param name="Source"><c>dqn</c> (the shipped DQN policy on a trainer silo) or <c>density</c> (the density agent, when no trainer silo is up).</param>
[GenerateSerializer, Immutable, Alias("battleship.move-analysis")]
public sealed record MoveAnalysis(
    [property: Id(0)] Guid MatchId,
    [property: Id(1)] int Move,
    [property: Id(2)] int Shooter,
    [property: Id(3)] MoveKind Kind,
    [property: Id(4)] int? FiredCell,
    [property: Id(5)] IReadOnlyList<float> HitProbabilities,
    [property: Id(6)] int SuggestedCell,
    [property: Id(7)] string Source
);
