using Battleship.Engine;
using Battleship.Grains.Matches;
using Microsoft.Extensions.Logging.Abstractions;

namespace Battleship.Grains.Tests.Matches;

/// <summary>
/// Matches on <see cref="MatchRules"/> alone, for the tests of the rules and of what an analysis
/// sees: no cluster, no storage, no clock but the times passed in (from <see cref="T0"/>).
/// </summary>
internal static class OfflineMatches
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The turn time of a match whose setup names none (<see cref="MatchRules.Start"/>'s default).</summary>
    public static readonly TimeSpan Turn = TimeSpan.FromSeconds(30);

    public static readonly Participant One = Participant.User(new Guid("00000000-0000-0000-0000-0000000000a1"), "one");
    public static readonly Participant Two = Participant.User(new Guid("00000000-0000-0000-0000-0000000000a2"), "two");

    public static MatchRules NewMatch(int chatHistory = 50, Guid? id = null) => new(id ?? Guid.NewGuid(), chatHistory, NullLogger.Instance);

    /// <summary><see cref="One"/> against <see cref="Two"/> (or <paramref name="two"/>) on the standard rules.</summary>
    public static MatchSetup Setup(Participant? two = null, int firstPlayer = 0, TimeSpan? turnTimeout = null) =>
        new(One, two ?? Two, RulesSpec.Standard, firstPlayer, TurnTimeout: turnTimeout, Seed: 5);

    /// <summary>The <see cref="Setup"/> match started at <see cref="T0"/>: both players still to place their fleets.</summary>
    public static MatchRules Started(Guid? id = null)
    {
        var match = NewMatch(id: id);
        match.Start(Setup(), [null, null], Turn, T0);
        return match;
    }

    /// <summary>The <see cref="Setup"/> match with both fleets placed at <see cref="T0"/>: the first player is to move.</summary>
    public static MatchRules InProgress(FleetLayout one, FleetLayout two, Guid? id = null)
    {
        var match = Started(id);
        match.PlaceFleet(0, one.ToPlacements(), 0, T0);
        match.PlaceFleet(1, two.ToPlacements(), 0, T0);
        return match;
    }
}
