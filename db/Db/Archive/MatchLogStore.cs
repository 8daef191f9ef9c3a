using Battleship.Db.Archive.Entities;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>One entry of a match's log, as the match grain writes and reads it (see <see cref="MatchLogRow"/>).</summary>
/// <param name="Seq">Position: 0 for the setup, then 1, 2, 3 … without gaps.</param>
/// <param name="Kind">What it records.</param>
/// <param name="Player">Who moved (placements and moves), else null.</param>
/// <param name="Cell">The cell fired at (shots).</param>
/// <param name="Outcome">What the shot did (shots).</param>
/// <param name="SunkShip">The ship it sank (Sunk and Win).</param>
/// <param name="At">When it was accepted (stored to the microsecond, in UTC).</param>
/// <param name="Data">The setup, fleet or chat line as JSON; null for moves.</param>
public sealed record MatchLogEntry(
    int Seq,
    MatchLogKind Kind,
    int? Player,
    int? Cell,
    MoveOutcome? Outcome,
    string? SunkShip,
    DateTimeOffset At,
    string? Data
);

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

/// <summary>
/// The append-only log of every match (<c>match_log</c>): the match grain's storage and, once a
/// match is archived, the archive's record of its moves.
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

/// <summary><see cref="IMatchLogStore"/> on EF Core (PostgreSQL or SQL Server); a thread-safe singleton over the pooled context factory.</summary>
/// <param name="contexts">Contexts of the configured engine.</param>
public sealed class MatchLogStore(IDbContextFactory<ArchiveDbContext> contexts) : IMatchLogStore
{
    /// <inheritdoc />
    public async Task AppendAsync(Guid matchId, IReadOnlyList<MatchLogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Seq != entries[0].Seq + i)
            {
                throw new ArgumentException("Log entries are appended at consecutive positions.", nameof(entries));
            }
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var entry in entries)
        {
            db.MatchLog.Add(
                new MatchLogRow
                {
                    MatchId = matchId,
                    Seq = entry.Seq,
                    Kind = entry.Kind,
                    Player = (short?)entry.Player,
                    Cell = entry.Cell is { } cell ? checked((short)cell) : null,
                    Outcome = entry.Outcome,
                    SunkShip = entry.SunkShip,
                    At = Stored(entry.At),
                    Data = entry.Data,
                }
            );
        }
        try
        {
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken); // several rows: one transaction
        }
        catch (DbUpdateException e) when (ArchiveErrors.IsUniqueViolation(e))
        {
            throw new MatchLogConflictException(matchId, entries[0].Seq, e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MatchLogEntry>> ReadAsync(Guid matchId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db
            .MatchLog.AsNoTracking()
            .Where(e => e.MatchId == matchId)
            .OrderBy(e => e.Seq)
            .Select(e => new MatchLogEntry(e.Seq, e.Kind, e.Player, e.Cell, e.Outcome, e.SunkShip, e.At, e.Data))
            .ToListAsync(cancellationToken);
    }

    /// <summary>UTC, cut to whole microseconds (what PostgreSQL keeps), as the rest of the archive stores time.</summary>
    public static DateTimeOffset Stored(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
