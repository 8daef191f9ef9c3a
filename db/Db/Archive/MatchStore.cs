using Battleship.Db.Archive.Entities;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>The archive's finished matches (<c>matches</c>, whose moves are in <c>match_log</c>), rated as they are archived.</summary>
public sealed class MatchStore
{
    private readonly ArchiveWriter _writer;
    private readonly Func<ArchiveDbContext, CancellationToken, Task>? _beforeArchiveCommit;

    /// <summary>Creates the store.</summary>
    /// <param name="writer">The archive's shared write helper.</param>
    public MatchStore(ArchiveWriter writer)
        : this(writer, null) { }

    /// <summary>Creates the store with a hook that runs inside the archive transaction just before it commits (tests).</summary>
    internal MatchStore(ArchiveWriter writer, Func<ArchiveDbContext, CancellationToken, Task>? beforeArchiveCommit)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _beforeArchiveCommit = beforeArchiveCommit;
    }

    /// <summary>The log entries that are moves of a match (numbered 1, 2, 3 … in log order).</summary>
    internal static readonly MatchLogKind[] MoveKinds = [MatchLogKind.Shot, MatchLogKind.Resign, MatchLogKind.Timeout];

    /// <summary>
    /// Archives and rates a finished match in one transaction: the match row (its moves stay where
    /// they are, in the match's log, which must hold <see cref="MatchArchive.MoveCount"/> moves),
    /// then, when it has a winner, both participants' <c>ratings</c> rows (created at
    /// <see cref="Glicko2Rating.Initial"/> on a first match) updated by
    /// <paramref name="ratingSystem"/> from the rows as they are, and one <c>rating_history</c> row
    /// each (<see cref="MatchRating"/>). The two rating rows are locked, one after the other in a
    /// fixed order, until the transaction commits, so matches that end at once and share a
    /// participant are rated one after the other: none loses an update and none deadlocks.
    /// Idempotent by match id: a match already archived is left as it is (also when two calls race)
    /// and the call answers what the first one recorded. Nothing is written when any part fails.
    /// </summary>
    /// <param name="match">The match.</param>
    /// <param name="ratingSystem">The Glicko-2 calculator (its τ) that rates the match.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether this call archived the match, and the rating changes recorded for it.</returns>
    public Task<ArchivedMatch> ArchiveFinishedMatchAsync(
        MatchArchive match,
        Glicko2 ratingSystem,
        CancellationToken cancellationToken = default
    )
    {
        Validate(match);
        ArgumentNullException.ThrowIfNull(ratingSystem);
        return _writer.WriteAsync(
            async (db, ct) =>
            {
                if (!await InsertMatchAsync(db, match, ct))
                {
                    return new ArchivedMatch(Archived: false, await MatchRating.RecordedChangesAsync(db, match, ct));
                }
                var changes = await MatchRating.RateAsync(db, match, ratingSystem, ct);

                if (_beforeArchiveCommit is { } hook)
                {
                    await hook(db, ct);
                }
                return new ArchivedMatch(Archived: true, changes);
            },
            cancellationToken
        );
    }

    /// <summary>
    /// The match row and its moves, the first step of <see cref="ArchiveFinishedMatchAsync"/>. False,
    /// writing nothing, when the match is already archived.
    /// </summary>
    private static async Task<bool> InsertMatchAsync(ArchiveDbContext db, MatchArchive match, CancellationToken ct)
    {
        if (await db.Matches.AnyAsync(m => m.Id == match.Id, ct))
        {
            return false;
        }

        var finishedAt = ArchiveWriter.Stored(match.FinishedAt);
        db.Matches.Add(
            new MatchRow
            {
                Id = match.Id,
                RoomId = match.RoomId,
                PlayerOneUserId = ArchiveModels.UserId(match.PlayerOne),
                PlayerOneAgentId = ArchiveModels.AgentId(match.PlayerOne),
                PlayerTwoUserId = ArchiveModels.UserId(match.PlayerTwo),
                PlayerTwoAgentId = ArchiveModels.AgentId(match.PlayerTwo),
                Rules = match.Rules,
                FirstPlayer = (short)match.FirstPlayer,
                FleetOne = match.FleetOne,
                FleetTwo = match.FleetTwo,
                Winner = (short?)match.Winner,
                EndReason = match.EndReason,
                StartedAt = ArchiveWriter.Stored(match.StartedAt),
                FinishedAt = finishedAt,
                MoveCount = match.MoveCount,
            }
        );
        // The moves are in the match's log already (written as they were made): not copied.
        var logged = await db.MatchLog.CountAsync(e => e.MatchId == match.Id && MoveKinds.Contains(e.Kind), ct);
        if (logged != match.MoveCount)
        {
            throw new InvalidOperationException($"Match {match.Id} is archived with {match.MoveCount} moves but its log holds {logged}.");
        }
        // A concurrent archive of the same match fails here on the primary key; the retry then
        // finds the match and returns false.
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A participant's matches, newest first (by end, then id).</summary>
    /// <param name="participant">The user or agent.</param>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="Limits.MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<Page<MatchHistoryItem>> GetMatchHistoryAsync(
        ParticipantRef participant,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(participant);
        return _writer.ReadPageAsync(
            db => MatchesOf(db, participant).AsNoTracking(),
            matches => matches.OrderByDescending(m => m.FinishedAt).ThenByDescending(m => m.Id),
            ArchiveModels.HistoryItem,
            page,
            pageSize,
            cancellationToken
        );
    }

    /// <summary>The archived matches that <paramref name="participant"/> played, on either side.</summary>
    internal static IQueryable<MatchRow> MatchesOf(ArchiveDbContext db, ParticipantRef participant)
    {
        var userId = ArchiveModels.UserId(participant);
        var agentId = ArchiveModels.AgentId(participant);
        return userId is not null
            ? db.Matches.Where(m => m.PlayerOneUserId == userId || m.PlayerTwoUserId == userId)
            : db.Matches.Where(m => m.PlayerOneAgentId == agentId || m.PlayerTwoAgentId == agentId);
    }

    private static void Validate(MatchArchive match)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(match.PlayerOne, nameof(match));
        ArgumentNullException.ThrowIfNull(match.PlayerTwo, nameof(match));
        ArgumentNullException.ThrowIfNull(match.FleetOne, nameof(match));
        ArgumentNullException.ThrowIfNull(match.FleetTwo, nameof(match));
        ArchiveWriter.RequireText(match.Rules, ArchiveLimits.RulesMaxLength, nameof(match));
        RequireSide(match.FirstPlayer, "first player");
        if (match.Winner is { } winner)
        {
            RequireSide(winner, "winner");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(match.MoveCount, nameof(match));
        if (match.Winner is not null && match.PlayerOne == match.PlayerTwo)
        {
            throw new ArgumentException($"A rated match needs two participants; {match.PlayerOne} played both sides.", nameof(match));
        }
    }

    private static void RequireSide(int value, string what)
    {
        if (value is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The {what} is 0 or 1.");
        }
    }
}
