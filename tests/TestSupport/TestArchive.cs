using System.Linq.Expressions;
using Battleship.Db.Archive;
using Battleship.Db.Archive.Entities;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.TestSupport;

/// <summary>
/// The archive as the tests use it: every store of the application in one place (the calls go to
/// the real stores) plus the reads and deletes that only tests need, which live here rather than in
/// the product (<c>GetUserAsync</c>, <c>GetAgentAsync</c>, <c>GetRoomAsync</c>, <c>GetMatchAsync</c>,
/// <c>GetRatingHistoryAsync</c>, <c>DeleteUserAsync</c>, <c>DeleteRoomAsync</c>, <c>DeleteMatchAsync</c>).
/// </summary>
/// <param name="services">Services on which <c>AddBattleshipArchive</c> registered the archive.</param>
public sealed class TestArchive(IServiceProvider services)
{
    public UserStore Users => services.GetRequiredService<UserStore>();

    public AgentStore Agents => services.GetRequiredService<AgentStore>();

    public RoomStore Rooms => services.GetRequiredService<RoomStore>();

    public MatchStore Matches => services.GetRequiredService<MatchStore>();

    /// <summary>The ratings and the ladder.</summary>
    public RatingStore Ratings => services.GetRequiredService<RatingStore>();

    public TrainingJobStore TrainingJobs => services.GetRequiredService<TrainingJobStore>();

    private ArchiveWriter Writer => services.GetRequiredService<ArchiveWriter>();

    /// <inheritdoc cref="UserStore.ResolveUserAsync"/>
    public Task<UserResolution> ResolveUserAsync(
        string issuer,
        string subject,
        string displayName,
        CancellationToken cancellationToken = default
    ) => Users.ResolveUserAsync(issuer, subject, displayName, cancellationToken);

    /// <inheritdoc cref="UserStore.UpdateDisplayNameAsync"/>
    public Task<bool> UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default) =>
        Users.UpdateDisplayNameAsync(userId, displayName, cancellationToken);

    /// <summary>Reads a user, or null.</summary>
    public Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Writer.ReadAsync(
            (db, ct) =>
                db
                    .Users.AsNoTracking()
                    .Where(u => u.Id == userId)
                    .Select(u => new UserRecord(u.Id, u.Issuer, u.Subject, u.DisplayName, u.CreatedAt, u.LastSeenAt))
                    .SingleOrDefaultAsync(ct),
            cancellationToken
        );

    /// <summary>
    /// Erases a user who has played no archived match: their rooms are deleted (matches keep,
    /// without a room), their agents and training jobs lose their owner, their rating and its
    /// history are deleted. A user who has played is kept (<see cref="DeleteOutcome.InUse"/>).
    /// </summary>
    public Task<DeleteOutcome> DeleteUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Writer.DeleteUnlessPlayedAsync(
            ParticipantRef.User(userId),
            async (db, ct) =>
            {
                // agents.owner_user_id is SET NULL by intent but NO ACTION in the database (SQL Server
                // allows one cascade path only), and rooms.owner_user_id restricts: do both here.
                await db
                    .Agents.Where(a => a.OwnerUserId == userId)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.OwnerUserId, (Guid?)null), ct);
                await db.Rooms.Where(r => r.OwnerUserId == userId).ExecuteDeleteAsync(ct);
            },
            cancellationToken
        );

    /// <inheritdoc cref="AgentStore.UpsertAgentAsync"/>
    public Task<bool> UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default) =>
        Agents.UpsertAgentAsync(agent, cancellationToken);

    /// <summary>Reads an agent, or null.</summary>
    public Task<AgentProfile?> GetAgentAsync(Guid agentId, CancellationToken cancellationToken = default) =>
        ReadRowAsync(db => db.Agents, agentId, ArchiveModels.Agent, cancellationToken);

    /// <inheritdoc cref="AgentStore.ListAgentsAsync"/>
    public Task<Page<AgentProfile>> ListAgentsAsync(
        int page,
        int pageSize,
        Guid? ownerUserId = null,
        CancellationToken cancellationToken = default
    ) => Agents.ListAgentsAsync(page, pageSize, ownerUserId, cancellationToken);

    /// <inheritdoc cref="AgentStore.ListLadderAgentsAsync"/>
    public Task<IReadOnlyList<AgentProfile>> ListLadderAgentsAsync(
        AgentKind kind,
        int limit,
        CancellationToken cancellationToken = default
    ) => Agents.ListLadderAgentsAsync(kind, limit, cancellationToken);

    /// <inheritdoc cref="AgentStore.DeleteAgentAsync"/>
    public Task<DeleteOutcome> DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default) =>
        Agents.DeleteAgentAsync(agentId, cancellationToken);

    /// <inheritdoc cref="RoomStore.UpsertRoomAsync"/>
    public Task<bool> UpsertRoomAsync(RoomSnapshot room, CancellationToken cancellationToken = default) =>
        Rooms.UpsertRoomAsync(room, cancellationToken);

    /// <summary>Reads a room's snapshot, or null.</summary>
    public Task<RoomSnapshot?> GetRoomAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        ReadRowAsync(
            db => db.Rooms,
            roomId,
            r => new RoomSnapshot(r.Id, r.Name, r.OwnerUserId, r.IsPrivate, r.AiAgentId, r.Status, r.CreatedAt, r.ClosedAt),
            cancellationToken
        );

    /// <summary>Deletes a room's snapshot; its matches keep, without a room. False when there was no such room.</summary>
    public Task<bool> DeleteRoomAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(async (db, ct) => await db.Rooms.Where(r => r.Id == roomId).ExecuteDeleteAsync(ct) == 1, cancellationToken);

    /// <inheritdoc cref="MatchStore.ArchiveFinishedMatchAsync"/>
    public Task<ArchivedMatch> ArchiveFinishedMatchAsync(
        MatchArchive match,
        Glicko2 ratingSystem,
        CancellationToken cancellationToken = default
    ) => Matches.ArchiveFinishedMatchAsync(match, ratingSystem, cancellationToken);

    /// <summary>Reads an archived match with its moves (from its log), for replay; null when there is none.</summary>
    public Task<ArchivedReplay?> GetMatchAsync(Guid matchId, CancellationToken cancellationToken = default) =>
        Writer.ReadAsync(
            async (db, ct) =>
            {
                var match = await db.Matches.AsNoTracking().SingleOrDefaultAsync(m => m.Id == matchId, ct);
                if (match is null)
                {
                    return null;
                }
                var moves = await db
                    .MatchLog.AsNoTracking()
                    .Where(e => e.MatchId == matchId && MatchStore.MoveKinds.Contains(e.Kind))
                    .OrderBy(e => e.Seq)
                    .ToListAsync(ct);
                return new ArchivedReplay(
                    new MatchArchive(
                        match.Id,
                        match.RoomId,
                        ArchiveModels.Participant(match.PlayerOneUserId, match.PlayerOneAgentId),
                        ArchiveModels.Participant(match.PlayerTwoUserId, match.PlayerTwoAgentId),
                        match.Rules,
                        match.FirstPlayer,
                        match.FleetOne,
                        match.FleetTwo,
                        match.Winner,
                        match.EndReason,
                        match.StartedAt,
                        match.FinishedAt,
                        match.MoveCount
                    ),
                    [
                        .. moves.Select(
                            (m, i) => new MoveRecord(i + 1, m.Player ?? 0, ToMoveKind(m.Kind), m.Cell, m.Outcome, m.SunkShip, m.At)
                        ),
                    ]
                );
            },
            cancellationToken
        );

    /// <inheritdoc cref="MatchStore.GetMatchHistoryAsync"/>
    public Task<Page<MatchHistoryItem>> GetMatchHistoryAsync(
        ParticipantRef participant,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    ) => Matches.GetMatchHistoryAsync(participant, page, pageSize, cancellationToken);

    /// <summary>Deletes an archived match: its log goes with it, rating history keeps without it. False when there was no such match.</summary>
    public Task<bool> DeleteMatchAsync(Guid matchId, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(
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

    /// <inheritdoc cref="RatingStore.GetLadderAsync"/>
    public Task<Page<LadderEntry>> GetLadderAsync(
        int page,
        int pageSize,
        LadderScope scope = LadderScope.All,
        CancellationToken cancellationToken = default
    ) => Ratings.GetLadderAsync(page, pageSize, scope, cancellationToken);

    /// <inheritdoc cref="RatingStore.GetLadderEntryAsync"/>
    public Task<LadderEntry?> GetLadderEntryAsync(
        ParticipantRef participant,
        LadderScope scope = LadderScope.All,
        CancellationToken cancellationToken = default
    ) => Ratings.GetLadderEntryAsync(participant, scope, cancellationToken);

    /// <inheritdoc cref="RatingStore.GetRatingAsync"/>
    public Task<RatingRecord?> GetRatingAsync(ParticipantRef participant, CancellationToken cancellationToken = default) =>
        Ratings.GetRatingAsync(participant, cancellationToken);

    /// <summary>A participant's rating changes, newest first (empty when the participant has no rating).</summary>
    public Task<Page<RatingChange>> GetRatingHistoryAsync(
        ParticipantRef participant,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(participant);
        return Writer.ReadAsync(
            async (db, ct) =>
            {
                var ratingId = await RatingStore.RatingOf(db, participant).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct);
                return await ArchiveWriter.PageAsync(
                    db.RatingHistory.AsNoTracking().Where(h => h.RatingId == ratingId),
                    history => history.OrderByDescending(h => h.At).ThenByDescending(h => h.Id),
                    history =>
                        history.Select(h => new RatingChange(
                            h.MatchId,
                            new GlickoRating(h.RatingBefore, h.DeviationBefore, h.VolatilityBefore),
                            new GlickoRating(h.RatingAfter, h.DeviationAfter, h.VolatilityAfter),
                            h.At
                        )),
                    page,
                    pageSize,
                    ct
                );
            },
            cancellationToken
        );
    }

    /// <inheritdoc cref="TrainingJobStore.UpsertTrainingJobAsync"/>
    public Task<bool> UpsertTrainingJobAsync(TrainingJobRecord job, CancellationToken cancellationToken = default) =>
        TrainingJobs.UpsertTrainingJobAsync(job, cancellationToken);

    /// <summary>A training job's row as it was written (the store itself answers views), or null.</summary>
    public Task<TrainingJobRecord?> GetTrainingJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        ReadRowAsync(
            db => db.TrainingJobs,
            jobId,
            j => new TrainingJobRecord(
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
            ),
            cancellationToken
        );

    /// <summary>The row of <paramref name="id"/> in <paramref name="table"/> as <paramref name="select"/> projects it, or null.</summary>
    private Task<T?> ReadRowAsync<TRow, T>(
        Func<ArchiveDbContext, DbSet<TRow>> table,
        Guid id,
        Expression<Func<TRow, T>> select,
        CancellationToken cancellationToken
    )
        where TRow : class, IUpsertedRow =>
        Writer.ReadAsync(
            (db, ct) => table(db).AsNoTracking().Where(r => r.Id == id).Select(select).SingleOrDefaultAsync(ct),
            cancellationToken
        );

    private static MoveRecordKind ToMoveKind(MatchLogKind kind) =>
        kind switch
        {
            MatchLogKind.Shot => MoveRecordKind.Shot,
            MatchLogKind.Resign => MoveRecordKind.Resign,
            MatchLogKind.Timeout => MoveRecordKind.Timeout,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a move."),
        };
}
