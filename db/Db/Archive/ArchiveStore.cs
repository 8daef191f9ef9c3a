using Battleship.Db.Archive.Entities;
using Battleship.Db.Ratings;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>
/// <see cref="IArchiveStore"/> on EF Core. Thread-safe and meant to be a singleton: every call
/// takes a (pooled) context from the factory and gives it back. Each write runs inside the
/// provider's execution strategy, in a transaction begun and committed on the context; when a
/// unique index refuses a row that a concurrent writer inserted first, the whole unit is run again
/// (up to <see cref="MaxAttempts"/> times), which is what makes the upserts, the identity mapping
/// and the archiving idempotent under concurrency.
/// </summary>
public sealed partial class ArchiveStore : IArchiveStore
{
    /// <summary>How often a write is tried when unique indexes keep refusing it.</summary>
    public const int MaxAttempts = 3;

    private const string FallbackDisplayName = "Player";

    private readonly IDbContextFactory<ArchiveDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly Func<ArchiveDbContext, CancellationToken, Task>? _beforeArchiveCommit;

    /// <summary>Creates the store.</summary>
    /// <param name="contexts">Contexts of the configured engine (registered by <c>AddBattleshipArchive</c>).</param>
    /// <param name="timeProvider">The clock for created/last-seen times.</param>
    public ArchiveStore(IDbContextFactory<ArchiveDbContext> contexts, TimeProvider timeProvider)
        : this(contexts, timeProvider, null) { }

    /// <summary>Creates the store with a hook that runs inside the archive transaction just before it commits (tests).</summary>
    internal ArchiveStore(
        IDbContextFactory<ArchiveDbContext> contexts,
        TimeProvider timeProvider,
        Func<ArchiveDbContext, CancellationToken, Task>? beforeArchiveCommit
    )
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _contexts = contexts;
        _time = timeProvider;
        _beforeArchiveCommit = beforeArchiveCommit;
    }

    /// <inheritdoc />
    public Task<UserResolution> ResolveUserAsync(
        string issuer,
        string subject,
        string displayName,
        CancellationToken cancellationToken = default
    )
    {
        RequireText(issuer, ArchiveLimits.IssuerMaxLength, nameof(issuer));
        RequireText(subject, ArchiveLimits.SubjectMaxLength, nameof(subject));
        ArgumentNullException.ThrowIfNull(displayName);
        var name = displayName.Trim();
        name = name.Length == 0 ? FallbackDisplayName : name[..Math.Min(name.Length, ArchiveLimits.DisplayNameMaxLength)];

        return WriteAsync(
            async (db, ct) =>
            {
                var now = Now();
                var user = await db.Users.SingleOrDefaultAsync(u => u.Issuer == issuer && u.Subject == subject, ct);
                if (user is not null)
                {
                    user.LastSeenAt = now;
                    await db.SaveChangesAsync(ct);
                    return new UserResolution(user.Id, Created: false);
                }
                user = new UserRow
                {
                    Id = Guid.CreateVersion7(now),
                    Issuer = issuer,
                    Subject = subject,
                    DisplayName = name,
                    CreatedAt = now,
                    LastSeenAt = now,
                };
                db.Users.Add(user);
                await db.SaveChangesAsync(ct);
                return new UserResolution(user.Id, Created: true);
            },
            cancellationToken
        );
    }

    /// <inheritdoc />
    public Task<bool> UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var name = displayName.Trim();
        RequireText(name, ArchiveLimits.DisplayNameMaxLength, nameof(displayName));
        return WriteAsync(
            async (db, ct) =>
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name), ct) == 1,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db
            .Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new UserRecord(u.Id, u.Issuer, u.Subject, u.DisplayName, u.CreatedAt, u.LastSeenAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DeleteOutcome> DeleteUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await WriteAsync(
                async (db, ct) =>
                {
                    if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
                    {
                        return DeleteOutcome.NotFound;
                    }
                    if (await db.Matches.AnyAsync(m => m.PlayerOneUserId == userId || m.PlayerTwoUserId == userId, ct))
                    {
                        return DeleteOutcome.InUse;
                    }
                    // agents.owner_user_id is SET NULL by intent but NO ACTION in the database (SQL Server
                    // allows one cascade path only), and rooms.owner_user_id restricts: do both here.
                    await db
                        .Agents.Where(a => a.OwnerUserId == userId)
                        .ExecuteUpdateAsync(s => s.SetProperty(a => a.OwnerUserId, (Guid?)null), ct);
                    await db.Rooms.Where(r => r.OwnerUserId == userId).ExecuteDeleteAsync(ct);
                    // The database does the rest: ratings (and their history) cascade, training jobs set null.
                    await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(ct);
                    return DeleteOutcome.Deleted;
                },
                cancellationToken
            );
        }
        catch (Exception exception) when (ArchiveErrors.IsReferenceViolation(exception))
        {
            // A match naming the user was archived between the check and the delete.
            return DeleteOutcome.InUse;
        }
    }

    /// <inheritdoc />
    public Task<bool> UpsertAgentAsync(AgentRecord agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        RequireText(agent.Name, ArchiveLimits.AgentNameMaxLength, nameof(agent));
        RequireText(agent.Policy, ArchiveLimits.PolicyMaxLength, nameof(agent));
        return WriteAsync(
            async (db, ct) =>
            {
                var row = await db.Agents.SingleOrDefaultAsync(a => a.Id == agent.Id, ct);
                var created = row is null;
                if (row is null)
                {
                    row = new AgentRow { Id = agent.Id, CreatedAt = Stored(agent.CreatedAt) };
                    db.Agents.Add(row);
                }
                row.Name = agent.Name;
                row.Kind = agent.Kind;
                row.Policy = agent.Policy;
                row.OwnerUserId = agent.OwnerUserId;
                row.IsBuiltin = agent.IsBuiltin;
                await db.SaveChangesAsync(ct);
                return created;
            },
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async Task<AgentRecord?> GetAgentAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db
            .Agents.AsNoTracking()
            .Where(a => a.Id == agentId)
            .Select(a => new AgentRecord(a.Id, a.Name, a.Kind, a.Policy, a.OwnerUserId, a.IsBuiltin, a.CreatedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<AgentRecord>> ListAgentsAsync(
        int page,
        int pageSize,
        Guid? ownerUserId = null,
        CancellationToken cancellationToken = default
    )
    {
        var skip = Skip(page, pageSize);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var agents = ownerUserId is { } owner ? db.Agents.AsNoTracking().Where(a => a.OwnerUserId == owner) : db.Agents.AsNoTracking();
        var total = await agents.CountAsync(cancellationToken);
        var items = await agents
            .OrderByDescending(a => a.IsBuiltin)
            .ThenBy(a => a.Name)
            .ThenBy(a => a.Id)
            .Skip(skip)
            .Take(pageSize)
            .Select(a => new AgentRecord(a.Id, a.Name, a.Kind, a.Policy, a.OwnerUserId, a.IsBuiltin, a.CreatedAt))
            .ToListAsync(cancellationToken);
        return new Page<AgentRecord>(items, page, pageSize, total);
    }

    /// <inheritdoc />
    public async Task<DeleteOutcome> DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await WriteAsync(
                async (db, ct) =>
                {
                    if (!await db.Agents.AnyAsync(a => a.Id == agentId, ct))
                    {
                        return DeleteOutcome.NotFound;
                    }
                    if (await db.Matches.AnyAsync(m => m.PlayerOneAgentId == agentId || m.PlayerTwoAgentId == agentId, ct))
                    {
                        return DeleteOutcome.InUse;
                    }
                    // rooms.ai_agent_id is SET NULL by intent but NO ACTION in the database: do it here.
                    await db
                        .Rooms.Where(r => r.AiAgentId == agentId)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.AiAgentId, (Guid?)null), ct);
                    // The database does the rest: ratings (and their history) cascade, training jobs set null.
                    await db.Agents.Where(a => a.Id == agentId).ExecuteDeleteAsync(ct);
                    return DeleteOutcome.Deleted;
                },
                cancellationToken
            );
        }
        catch (Exception exception) when (ArchiveErrors.IsReferenceViolation(exception))
        {
            return DeleteOutcome.InUse;
        }
    }

    /// <inheritdoc />
    public Task<bool> UpsertRoomAsync(RoomSnapshot room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        RequireText(room.Name, ArchiveLimits.RoomNameMaxLength, nameof(room));
        return WriteAsync(
            async (db, ct) =>
            {
                var row = await db.Rooms.SingleOrDefaultAsync(r => r.Id == room.Id, ct);
                var created = row is null;
                if (row is null)
                {
                    row = new RoomRow { Id = room.Id, CreatedAt = Stored(room.CreatedAt) };
                    db.Rooms.Add(row);
                }
                row.Name = room.Name;
                row.OwnerUserId = room.OwnerUserId;
                row.IsPrivate = room.IsPrivate;
                row.AiAgentId = room.AiAgentId;
                row.Status = room.Status;
                row.ClosedAt = Stored(room.ClosedAt);
                await db.SaveChangesAsync(ct);
                return created;
            },
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async Task<RoomSnapshot?> GetRoomAsync(Guid roomId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db
            .Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new RoomSnapshot(r.Id, r.Name, r.OwnerUserId, r.IsPrivate, r.AiAgentId, r.Status, r.CreatedAt, r.ClosedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> DeleteRoomAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        WriteAsync(async (db, ct) => await db.Rooms.Where(r => r.Id == roomId).ExecuteDeleteAsync(ct) == 1, cancellationToken);

    /// <inheritdoc />
    public Task<ArchivedMatch> ArchiveFinishedMatchAsync(
        MatchArchive match,
        Glicko2 ratingSystem,
        CancellationToken cancellationToken = default
    )
    {
        Validate(match);
        ArgumentNullException.ThrowIfNull(ratingSystem);
        return WriteAsync(
            async (db, ct) =>
            {
                if (!await InsertMatchAsync(db, match, ct))
                {
                    return new ArchivedMatch(Archived: false, await RecordedRatingChangesAsync(db, match, ct));
                }
                var changes = await RateMatchAsync(db, match, ratingSystem, ct);

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

        var finishedAt = Stored(match.FinishedAt);
        db.Matches.Add(
            new MatchRow
            {
                Id = match.Id,
                RoomId = match.RoomId,
                PlayerOneUserId = match.PlayerOne.UserId,
                PlayerOneAgentId = match.PlayerOne.AgentId,
                PlayerTwoUserId = match.PlayerTwo.UserId,
                PlayerTwoAgentId = match.PlayerTwo.AgentId,
                Rules = match.Rules,
                FirstPlayer = (short)match.FirstPlayer,
                FleetOne = match.FleetOne,
                FleetTwo = match.FleetTwo,
                Winner = (short?)match.Winner,
                EndReason = match.EndReason,
                StartedAt = Stored(match.StartedAt),
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

    /// <inheritdoc />
    public async Task<MatchReplay?> GetMatchAsync(Guid matchId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var match = await db.Matches.AsNoTracking().SingleOrDefaultAsync(m => m.Id == matchId, cancellationToken);
        if (match is null)
        {
            return null;
        }
        var moves = await db
            .MatchLog.AsNoTracking()
            .Where(e => e.MatchId == matchId && MoveKinds.Contains(e.Kind))
            .OrderBy(e => e.Seq)
            .ToListAsync(cancellationToken);
        return new MatchReplay(
            match.Id,
            match.RoomId,
            Participant.FromColumns(match.PlayerOneUserId, match.PlayerOneAgentId),
            Participant.FromColumns(match.PlayerTwoUserId, match.PlayerTwoAgentId),
            match.Rules,
            match.FirstPlayer,
            match.FleetOne,
            match.FleetTwo,
            match.Winner,
            match.EndReason,
            match.StartedAt,
            match.FinishedAt,
            [.. moves.Select((m, i) => new MoveRecord(i + 1, m.Player ?? 0, ToMoveKind(m.Kind), m.Cell, m.Outcome, m.SunkShip, m.At))]
        );
    }

    /// <inheritdoc />
    public async Task<Page<MatchSummary>> GetMatchHistoryAsync(
        Participant participant,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(participant);
        var skip = Skip(page, pageSize);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var userId = participant.UserId;
        var agentId = participant.AgentId;
        var matches = participant.IsUser
            ? db.Matches.AsNoTracking().Where(m => m.PlayerOneUserId == userId || m.PlayerTwoUserId == userId)
            : db.Matches.AsNoTracking().Where(m => m.PlayerOneAgentId == agentId || m.PlayerTwoAgentId == agentId);
        var total = await matches.CountAsync(cancellationToken);
        var rows = await matches
            .OrderByDescending(m => m.FinishedAt)
            .ThenByDescending(m => m.Id)
            .Skip(skip)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        var items = rows.Select(m => new MatchSummary(
                m.Id,
                m.RoomId,
                Participant.FromColumns(m.PlayerOneUserId, m.PlayerOneAgentId),
                Participant.FromColumns(m.PlayerTwoUserId, m.PlayerTwoAgentId),
                m.Winner,
                m.EndReason,
                m.StartedAt,
                m.FinishedAt,
                m.MoveCount
            ))
            .ToList();
        return new Page<MatchSummary>(items, page, pageSize, total);
    }

    /// <inheritdoc />
    public Task<bool> DeleteMatchAsync(Guid matchId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async (db, ct) =>
            {
                if (await db.Matches.Where(m => m.Id == matchId).ExecuteDeleteAsync(ct) == 0)
                {
                    return false;
                }
                await db.MatchLog.Where(e => e.MatchId == matchId).ExecuteDeleteAsync(ct); // the log has no foreign key to cascade
                return true;
            },
            cancellationToken
        );

    /// <inheritdoc />
    public async Task<Page<LadderEntry>> GetLadderAsync(
        int page,
        int pageSize,
        LadderScope scope = LadderScope.All,
        CancellationToken cancellationToken = default
    )
    {
        var skip = Skip(page, pageSize);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var ratings = scope switch
        {
            LadderScope.All => db.Ratings.AsNoTracking(),
            LadderScope.Users => db.Ratings.AsNoTracking().Where(r => r.UserId != null),
            LadderScope.Agents => db.Ratings.AsNoTracking().Where(r => r.AgentId != null),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown ladder scope."),
        };
        var total = await ratings.CountAsync(cancellationToken);
        var rows = await InLadderOrder(ratings)
            .Skip(skip)
            .Take(pageSize)
            .Select(r => new { Row = r, Name = r.UserId != null ? r.User!.DisplayName : r.Agent!.Name })
            .ToListAsync(cancellationToken);
        var items = rows.Select(
                (x, i) =>
                    new LadderEntry(
                        skip + i + 1,
                        Participant.FromColumns(x.Row.UserId, x.Row.AgentId),
                        x.Name,
                        new GlickoRating(x.Row.Rating, x.Row.Deviation, x.Row.Volatility),
                        x.Row.Games,
                        x.Row.Wins,
                        x.Row.Losses,
                        x.Row.CurrentStreak,
                        x.Row.UpdatedAt
                    )
            )
            .ToList();
        return new Page<LadderEntry>(items, page, pageSize, total);
    }

    /// <summary>
    /// The ladder's order: rating, highest first, then lower deviation, then id, which makes it total
    /// (equal ratings always rank the same way, and pages neither overlap nor skip). The index
    /// <c>ix_ratings_rating_deviation_id</c> has exactly this order, so a page is read along it
    /// without sorting.
    /// </summary>
    internal static IOrderedQueryable<RatingRow> InLadderOrder(IQueryable<RatingRow> ratings) =>
        ratings.OrderByDescending(r => r.Rating).ThenBy(r => r.Deviation).ThenBy(r => r.Id);

    /// <inheritdoc />
    public async Task<Page<RatingChange>> GetRatingHistoryAsync(
        Participant participant,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(participant);
        var skip = Skip(page, pageSize);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var ratingId = await RatingOf(db, participant).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(cancellationToken);
        if (ratingId is null)
        {
            return new Page<RatingChange>([], page, pageSize, 0);
        }
        var history = db.RatingHistory.AsNoTracking().Where(h => h.RatingId == ratingId);
        var total = await history.CountAsync(cancellationToken);
        var items = await history
            .OrderByDescending(h => h.At)
            .ThenByDescending(h => h.Id)
            .Skip(skip)
            .Take(pageSize)
            .Select(h => new RatingChange(
                h.MatchId,
                new GlickoRating(h.RatingBefore, h.DeviationBefore, h.VolatilityBefore),
                new GlickoRating(h.RatingAfter, h.DeviationAfter, h.VolatilityAfter),
                h.At
            ))
            .ToListAsync(cancellationToken);
        return new Page<RatingChange>(items, page, pageSize, total);
    }

    /// <inheritdoc />
    public Task<bool> UpsertTrainingJobAsync(TrainingJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(job.Config, nameof(job));
        if (job.BestCheckpoint is { Length: > ArchiveLimits.CheckpointMaxLength })
        {
            throw new ArgumentException($"A checkpoint path has at most {ArchiveLimits.CheckpointMaxLength} characters.", nameof(job));
        }
        return WriteAsync(
            async (db, ct) =>
            {
                var row = await db.TrainingJobs.SingleOrDefaultAsync(j => j.Id == job.Id, ct);
                var created = row is null;
                if (row is null)
                {
                    row = new TrainingJobRow { Id = job.Id, CreatedAt = Stored(job.CreatedAt) };
                    db.TrainingJobs.Add(row);
                }
                row.OwnerUserId = job.OwnerUserId;
                row.Status = job.Status;
                row.Config = job.Config;
                row.Progress = job.Progress;
                row.BestCheckpoint = job.BestCheckpoint;
                row.AgentId = job.AgentId;
                row.StartedAt = Stored(job.StartedAt);
                row.FinishedAt = Stored(job.FinishedAt);
                await db.SaveChangesAsync(ct);
                return created;
            },
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async Task<Page<TrainingJobRecord>> ListTrainingJobsAsync(
        int page,
        int pageSize,
        Guid? ownerUserId = null,
        CancellationToken cancellationToken = default
    )
    {
        var skip = Skip(page, pageSize);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var jobs = ownerUserId is { } owner
            ? db.TrainingJobs.AsNoTracking().Where(j => j.OwnerUserId == owner)
            : db.TrainingJobs.AsNoTracking();
        var total = await jobs.CountAsync(cancellationToken);
        var items = await jobs.OrderByDescending(j => j.CreatedAt)
            .ThenBy(j => j.Id)
            .Skip(skip)
            .Take(pageSize)
            .Select(j => new TrainingJobRecord(
                j.Id,
                j.OwnerUserId,
                j.Status,
                j.Config,
                j.Progress,
                j.BestCheckpoint,
                j.AgentId,
                j.CreatedAt,
                j.StartedAt,
                j.FinishedAt
            ))
            .ToListAsync(cancellationToken);
        return new Page<TrainingJobRecord>(items, page, pageSize, total);
    }

    /// <inheritdoc />
    public async Task<TrainingJobRecord?> GetTrainingJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db
            .TrainingJobs.AsNoTracking()
            .Where(j => j.Id == jobId)
            .Select(j => new TrainingJobRecord(
                j.Id,
                j.OwnerUserId,
                j.Status,
                j.Config,
                j.Progress,
                j.BestCheckpoint,
                j.AgentId,
                j.CreatedAt,
                j.StartedAt,
                j.FinishedAt
            ))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction on a fresh context, inside the execution
    /// strategy (which retries transient failures), and runs it again when a unique index refused
    /// a row that a concurrent writer committed first.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<ArchiveDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            try
            {
                return await db
                    .Database.CreateExecutionStrategy()
                    .ExecuteAsync(
                        (db, work),
                        static async (state, ct) =>
                        {
                            var (context, unit) = state;
                            context.ChangeTracker.Clear();
                            await using var transaction = await context.Database.BeginTransactionAsync(ct);
                            var result = await unit(context, ct);
                            await transaction.CommitAsync(ct);
                            return result;
                        },
                        cancellationToken
                    );
            }
            catch (Exception exception) when (attempt < MaxAttempts && ArchiveErrors.IsUniqueViolation(exception))
            {
                // Another writer inserted the same key and committed; the next attempt reads its row.
            }
        }
    }

    /// <summary>The log entries that are moves of the match (numbered 1, 2, 3 … in log order).</summary>
    private static readonly MatchLogKind[] MoveKinds = [MatchLogKind.Shot, MatchLogKind.Resign, MatchLogKind.Timeout];

    private static MoveRecordKind ToMoveKind(MatchLogKind kind) =>
        kind switch
        {
            MatchLogKind.Shot => MoveRecordKind.Shot,
            MatchLogKind.Resign => MoveRecordKind.Resign,
            MatchLogKind.Timeout => MoveRecordKind.Timeout,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a move."),
        };

    private static IQueryable<RatingRow> RatingOf(ArchiveDbContext db, Participant participant)
    {
        var userId = participant.UserId;
        var agentId = participant.AgentId;
        return participant.IsUser ? db.Ratings.Where(r => r.UserId == userId) : db.Ratings.Where(r => r.AgentId == agentId);
    }

    private static void Validate(MatchArchive match)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(match.PlayerOne, nameof(match));
        ArgumentNullException.ThrowIfNull(match.PlayerTwo, nameof(match));
        ArgumentNullException.ThrowIfNull(match.FleetOne, nameof(match));
        ArgumentNullException.ThrowIfNull(match.FleetTwo, nameof(match));
        RequireText(match.Rules, ArchiveLimits.RulesMaxLength, nameof(match));
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

    private static void RequireText(string value, int maxLength, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"At most {maxLength} characters are allowed; got {value.Length}.", parameterName);
        }
    }

    private static int Skip(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, ArchiveLimits.MaxPageSize);
        return checked((page - 1) * pageSize);
    }

    private DateTimeOffset Now() => Stored(_time.GetUtcNow());

    /// <summary>UTC, cut to whole microseconds: what PostgreSQL keeps, so both engines read back the same value.</summary>
    private static DateTimeOffset Stored(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    private static DateTimeOffset? Stored(DateTimeOffset? value) => value is { } v ? Stored(v) : null;
}
