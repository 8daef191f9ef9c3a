using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>
/// The agent's view of the moves of one finished match (key: the match's id), for people studying
/// a replay. Never during a match, for anyone: it would be an aid in a live game.
/// </summary>
[Alias("battleship.match-analysis-grain")]
public interface IMatchAnalysisGrain : IGrainWithGuidKey
{
    /// <summary>
    /// The analysis of the position before move <paramref name="move"/> (0-based, into the
    /// replay's moves) from its shooter's point of view, for <paramref name="viewerId"/> (anyone
    /// who may see the replay). <see cref="ErrorCode.NotFound"/> for no such match,
    /// <see cref="ErrorCode.MatchNotFinished"/> until it has ended, <see cref="ErrorCode.Validation"/>
    /// for a move it does not have; <see cref="ErrorCode.Unavailable"/> when the policy fails on a
    /// trainer silo that is up (without one, the density agent answers).
    /// </summary>
    [Alias("analyze")]
    Task<MoveAnalysis> AnalyzeAsync(Guid viewerId, int move);
}
