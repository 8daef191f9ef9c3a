using Battleship.Db.Archive;
using Battleship.Engine;
using Battleship.Grains.Models;

namespace Battleship.TestSupport;

public sealed record UserRecord(
    Guid Id,
    string Issuer,
    string Subject,
    string DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt
);

/// <summary>What an archived move records.</summary>
public enum MoveRecordKind
{
    /// <summary>A shot at a cell.</summary>
    Shot,

    Resign,

    /// <summary>The player's clock ran out.</summary>
    Timeout,
}

/// <summary>One archived move (1-based number; cell and outcome for shots; the sunk ship for Sunk and Win).</summary>
public sealed record MoveRecord(
    int Number,
    int Player,
    MoveRecordKind Kind,
    int? Cell,
    ShotOutcome? Outcome,
    string? SunkShip,
    DateTimeOffset At
);

/// <summary>
/// An archived match with everything a replay needs: the match as the archive holds it (fleets as JSON;
/// PostgreSQL returns jsonb normalised) and its moves, read from its log.
/// </summary>
public sealed record ArchivedReplay(MatchArchive Match, IReadOnlyList<MoveRecord> Moves);

/// <summary>A line of a participant's rating history.</summary>
public sealed record RatingChange(Guid? MatchId, GlickoRating Before, GlickoRating After, DateTimeOffset At);

/// <summary>Paging arithmetic the tests check.</summary>
public static class PageExtensions
{
    /// <summary>Number of pages (0 for an empty list).</summary>
    public static int TotalPages<T>(this Page<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.TotalCount == 0 ? 0 : (page.TotalCount + page.PageSize - 1) / page.PageSize;
    }
}
