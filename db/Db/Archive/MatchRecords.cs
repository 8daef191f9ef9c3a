using Battleship.Grains.Models;
using Battleship.Grains.Persistence;

namespace Battleship.Db.Archive;

/// <summary>
/// A finished match as <see cref="MatchStore.ArchiveFinishedMatchAsync"/> archives it: the match
/// (its moves are already in its log). A match with a winner is rated in the same transaction.
/// </summary>
/// <param name="Id">Match id.</param>
/// <param name="RoomId">Room it was played in, if any.</param>
/// <param name="PlayerOne">Side 0.</param>
/// <param name="PlayerTwo">Side 1.</param>
/// <param name="Rules">Rules (a name or short JSON, at most <see cref="ArchiveLimits.RulesMaxLength"/> characters).</param>
/// <param name="FirstPlayer">Who fired first: 0 or 1.</param>
/// <param name="FleetOne">Side 0's placements (JSON).</param>
/// <param name="FleetTwo">Side 1's placements (JSON).</param>
/// <param name="Winner">0 or 1 (the match is rated); null only when <paramref name="EndReason"/> is Abandoned (unrated).</param>
/// <param name="EndReason">Why it ended.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="FinishedAt">End.</param>
/// <param name="MoveCount">How many moves the match had: its log (<see cref="IMatchLogStore"/>) must hold exactly these.</param>
public sealed record MatchArchive(
    Guid Id,
    Guid? RoomId,
    ParticipantRef PlayerOne,
    ParticipantRef PlayerTwo,
    string Rules,
    int FirstPlayer,
    string FleetOne,
    string FleetTwo,
    int? Winner,
    EndReason EndReason,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int MoveCount
);

/// <summary>A Glicko-2 rating.</summary>
/// <param name="Rating">Rating (1500 scale).</param>
/// <param name="Deviation">Rating deviation (positive).</param>
/// <param name="Volatility">Volatility (positive).</param>
public sealed record GlickoRating(double Rating, double Deviation, double Volatility);

/// <summary>What <see cref="MatchStore.ArchiveFinishedMatchAsync"/> did with a match.</summary>
/// <param name="Archived">True when this call archived (and rated) the match; false when it was archived before.</param>
/// <param name="RatingChanges">
/// The rating changes recorded for the match, player one's first (none for an unrated match). The
/// same on every call: a repeat gets the changes that the first call recorded.
/// </param>
public sealed record ArchivedMatch(bool Archived, IReadOnlyList<MatchRatingChange> RatingChanges);

/// <summary>How a match moved one participant's rating.</summary>
/// <param name="Participant">Whose rating.</param>
/// <param name="Before">The rating the match started from (the row as it was, locked, inside the archive transaction).</param>
/// <param name="After">The rating after the match.</param>
public sealed record MatchRatingChange(ParticipantRef Participant, GlickoRating Before, GlickoRating After);

/// <summary>A participant's current rating and record (a row of <c>ratings</c>).</summary>
/// <param name="Participant">The user or agent.</param>
/// <param name="Rating">Current rating.</param>
/// <param name="Games">Rated games.</param>
/// <param name="Wins">Wins.</param>
/// <param name="Losses">Losses.</param>
/// <param name="CurrentStreak">Positive: wins in a row; negative: losses in a row.</param>
/// <param name="UpdatedAt">The end of the match that last changed it.</param>
public sealed record RatingRecord(
    ParticipantRef Participant,
    GlickoRating Rating,
    int Games,
    int Wins,
    int Losses,
    int CurrentStreak,
    DateTimeOffset UpdatedAt
);

/// <summary>Which participants a ladder lists.</summary>
public enum LadderScope
{
    All,

    Users,

    Agents,
}

/// <summary>A line of the ladder: a participant's rating and record, with its place and name.</summary>
/// <param name="Position">1-based position: by rating (highest first), then deviation (lowest first), then id.</param>
/// <param name="Name">The user's display name or the agent's name.</param>
/// <param name="Record">Who, their current rating and their record.</param>
public sealed record LadderEntry(int Position, string Name, RatingRecord Record);
