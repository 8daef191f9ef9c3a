namespace Battleship.Grains.Models;

/// <summary>A participant's Glicko-2 rating and record.</summary>
[GenerateSerializer, Immutable, Alias("battleship.rating")]
public sealed record RatingView(
    [property: Id(0)] Participant Participant,
    [property: Id(1)] double Rating,
    [property: Id(2)] double Deviation,
    [property: Id(3)] double Volatility,
    [property: Id(4)] int Games,
    [property: Id(5)] int Wins,
    [property: Id(6)] int Losses,
    [property: Id(7)] int CurrentStreak,
    [property: Id(8)] DateTimeOffset? UpdatedAt
);

/// <summary>A row of the ladder: rank and rating.</summary>
[GenerateSerializer, Immutable, Alias("battleship.ladder-entry")]
public sealed record LadderEntry([property: Id(0)] int Rank, [property: Id(1)] RatingView Rating);

/// <summary>A finished match as the ladder records it.</summary>
[GenerateSerializer, Immutable, Alias("battleship.match-result")]
public sealed record MatchResult(
    [property: Id(0)] Guid MatchId,
    [property: Id(1)] Participant Winner,
    [property: Id(2)] Participant Loser,
    [property: Id(3)] DateTimeOffset At
);

/// <summary>How one participant's rating moved after a match.</summary>
[GenerateSerializer, Immutable, Alias("battleship.rating-change")]
public sealed record RatingChange([property: Id(0)] RatingView Before, [property: Id(1)] RatingView After);
