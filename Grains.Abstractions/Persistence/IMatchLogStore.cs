using Battleship.Engine;

namespace Battleship.Grains.Persistence;

/// <summary>
/// The append-only log of every match: the match grain's storage and, once a match is archived,
/// the archive's record of its moves. A server-side port: silos register its implementation (the
/// <c>match_log</c> table in <c>Battleship.Db</c>).
/// </summary>
public interface IMatchLogStore
{
    /// <summary>
    /// Appends <paramref name="entries"/> (consecutive positions, the first one just after the last
    /// written) in one transaction: all of them are durable when this returns, or none is written.
    /// </summary>
    /// <param name="matchId">The match.</param>
    /// <param name="entries">The entries, in order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the entries are committed.</returns>
    /// <exception cref="MatchLogConflictException">A position is already taken (another activation wrote it).</exception>
    Task AppendAsync(Guid matchId, IReadOnlyList<MatchLogEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The whole log of a match, in order (empty when nothing was logged).</summary>
    /// <param name="matchId">The match.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<MatchLogEntry>> ReadAsync(Guid matchId, CancellationToken cancellationToken = default);
}

/// <summary>One entry of a match's log, as the match grain writes and reads it.</summary>
/// <param name="Seq">Position: 0 for the setup, then 1, 2, 3 … without gaps.</param>
/// <param name="Kind">What it records.</param>
/// <param name="Player">Who moved (placements and moves), else null.</param>
/// <param name="Cell">The cell fired at (shots).</param>
/// <param name="Outcome">What the shot did (shots).</param>
/// <param name="SunkShip">The ship it sank (Sunk and Win).</param>
/// <param name="At">When it was accepted (stored to the microsecond, in UTC: see <see cref="StoredTime"/>).</param>
/// <param name="Data">The setup, fleet or chat line as JSON; null for moves.</param>
public sealed record MatchLogEntry(
    int Seq,
    MatchLogKind Kind,
    int? Player,
    int? Cell,
    ShotOutcome? Outcome,
    string? SunkShip,
    DateTimeOffset At,
    string? Data
);

/// <summary>What an entry of a match's log records.</summary>
public enum MatchLogKind
{
    /// <summary>The match's setup (always entry 0): players, rules, first player, seed, clock, room and any fleet placed at the start.</summary>
    Setup,

    /// <summary>A player placed their fleet.</summary>
    Placement,

    /// <summary>A shot was accepted.</summary>
    Shot,

    /// <summary>A player gave up.</summary>
    Resign,

    /// <summary>A player ran out of time and forfeited.</summary>
    Timeout,

    /// <summary>A chat line was posted.</summary>
    Chat,

    /// <summary>The finished match was rated, archived and reported (the last entry).</summary>
    Completed,
}

/// <summary>Another writer already holds a position of the log: this writer's view of the match is stale.</summary>
/// <param name="matchId">The match.</param>
/// <param name="seq">The first position this writer tried to append.</param>
/// <param name="inner">The database's unique violation.</param>
public sealed class MatchLogConflictException(Guid matchId, int seq, Exception inner)
    : Exception($"Position {seq} of the log of match {matchId} is already written.", inner)
{
    /// <summary>The match.</summary>
    public Guid MatchId { get; } = matchId;

    /// <summary>The first position the writer tried to append.</summary>
    public int Seq { get; } = seq;
}

/// <summary>How stored times are kept: in UTC, cut to whole microseconds (what PostgreSQL keeps), so every engine reads back the same value.</summary>
public static class StoredTime
{
    /// <summary><paramref name="value"/> as it is stored.</summary>
    /// <param name="value">A time.</param>
    /// <returns>The same time in UTC, without its sub-microsecond ticks.</returns>
    public static DateTimeOffset Of(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    /// <summary><paramref name="value"/> as it is stored, or null.</summary>
    /// <param name="value">A time, or null.</param>
    /// <returns>The stored time, or null.</returns>
    public static DateTimeOffset? Of(DateTimeOffset? value) => value is { } v ? Of(v) : null;
}
