using System.Text.Json;
using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MatchReplay = Battleship.Grains.Models.MatchReplay;
using Sql = Battleship.Db.Archive;

namespace Battleship.Grains;

/// <summary>
/// The grains' <see cref="IGameArchive"/> over the relational archive (<see cref="IArchiveStore"/>,
/// EF Core on PostgreSQL or SQL Server): maps the grain models to archive records, and rates
/// finished matches with Glicko-2 at the ladder's τ (<see cref="LadderOptions.Tau"/>).
/// </summary>
/// <remarks>
/// Database exceptions never cross a grain boundary (the driver's exception types are not
/// serializable and would tell a client too much): a unique or reference violation becomes a
/// <see cref="ErrorCode.Validation"/> error, anything else is logged and becomes
/// <see cref="ErrorCode.Unavailable"/>.
/// </remarks>
public sealed partial class SqlGameArchive(
    IArchiveStore store,
    GameClock clock,
    IOptions<LadderOptions> ladderOptions,
    ILogger<SqlGameArchive> logger
) : IGameArchive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Glicko2 _ratingSystem = new(ladderOptions.Value.Tau);

    /// <inheritdoc />
    public async Task<ResolvedUser> ResolveUserAsync(UserIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var resolution = await GuardAsync(() =>
            store.ResolveUserAsync(identity.Issuer, identity.Subject, identity.DisplayName, cancellationToken)
        );
        return new ResolvedUser(resolution.UserId, resolution.Created);
    }

    /// <inheritdoc />
    public Task UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default) =>
        GuardAsync(() => store.UpdateDisplayNameAsync(userId, displayName, cancellationToken));

    /// <inheritdoc />
    public Task UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return GuardAsync(
            () =>
                store.UpsertAgentAsync(
                    new AgentRecord(
                        agent.Id,
                        agent.Name,
                        agent.Kind == Models.AgentKind.Dqn ? Sql.AgentKind.Dqn : Sql.AgentKind.Heuristic,
                        agent.Policy,
                        agent.OwnerId,
                        agent.IsBuiltIn,
                        agent.CreatedAt
                    ),
                    cancellationToken
                ),
            $"An agent named '{agent.Name}' already exists."
        );
    }

    /// <inheritdoc />
    public async Task DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        if (await GuardAsync(() => store.DeleteAgentAsync(agentId, cancellationToken)) == DeleteOutcome.InUse)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, "An agent that has played matches is kept for their history.");
        }
    }

    /// <inheritdoc />
    public Task UpsertTrainingJobAsync(TrainingJobView job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return GuardAsync(() =>
            store.UpsertTrainingJobAsync(
                new TrainingJobRecord(
                    job.Id,
                    job.OwnerId,
                    (Sql.TrainingJobStatus)(int)job.Status,
                    string.IsNullOrWhiteSpace(job.ConfigJson) ? "{}" : job.ConfigJson,
                    TrainingJobDigest.Serialize(TrainingJobDigest.From(job)),
                    job.BestCheckpoint,
                    job.AgentId,
                    job.CreatedAt,
                    job.StartedAt,
                    job.FinishedAt
                ),
                cancellationToken
            )
        );
    }

    /// <inheritdoc />
    public Task UpsertRoomAsync(RoomView room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        var status = (Sql.RoomStatus)(int)room.Status;
        return GuardAsync(() =>
            store.UpsertRoomAsync(
                new RoomSnapshot(
                    room.Id,
                    room.Name,
                    room.OwnerId,
                    room.IsPrivate,
                    room.AgentId,
                    status,
                    room.CreatedAt,
                    status == Sql.RoomStatus.Closed ? clock.UtcNow : null
                ),
                cancellationToken
            )
        );
    }

    /// <inheritdoc />
    public async Task ArchiveMatchAsync(
        MatchReplay match,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(match);
        var endReason = match.EndReason switch
        {
            EndReason.Resign => MatchEndReason.Resign,
            EndReason.Timeout => MatchEndReason.Timeout,
            _ => MatchEndReason.Win,
        };
        var archived = await GuardAsync(() =>
            store.ArchiveFinishedMatchAsync(
                new MatchArchive(
                    match.MatchId,
                    match.RoomId,
                    ToArchive(match.Players[0]),
                    ToArchive(match.Players[1]),
                    JsonSerializer.Serialize(match.Rules, Json),
                    match.FirstPlayer,
                    JsonSerializer.Serialize(match.Fleets[0] ?? [], Json),
                    JsonSerializer.Serialize(match.Fleets[1] ?? [], Json),
                    match.Winner,
                    endReason,
                    startedAt,
                    finishedAt,
                    match.Moves.Count
                ),
                _ratingSystem,
                cancellationToken
            )
        );
        if (archived.Archived)
        {
            foreach (var change in archived.RatingChanges)
            {
                Telemetry.GrainTelemetry.RatingRecorded(
                    change.Participant.IsUser ? ParticipantKind.User : ParticipantKind.Agent,
                    change.After.Rating
                );
                LogRated(logger, match.MatchId, change.Participant, change.After.Rating - change.Before.Rating);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentProfile>> ListLadderAgentsAsync(int limit, CancellationToken cancellationToken = default)
    {
        var agents = await GuardAsync(() => store.ListLadderAgentsAsync(Sql.AgentKind.Heuristic, limit, cancellationToken));
        return
        [
            .. agents.Select(a => new AgentProfile(
                a.Id,
                a.Name,
                Models.AgentKind.Heuristic,
                a.Policy,
                a.OwnerUserId,
                a.IsBuiltin,
                a.CreatedAt
            )),
        ];
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> write, string? uniqueViolation = null)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (e is not (BattleshipException or OperationCanceledException))
        {
            if (ArchiveErrors.IsUniqueViolation(e))
            {
                throw new BattleshipException(ErrorCode.Validation, uniqueViolation ?? "That already exists.");
            }
            if (ArchiveErrors.IsReferenceViolation(e))
            {
                throw new BattleshipException(ErrorCode.Validation, "The request refers to a user, agent or room that does not exist.");
            }
            LogArchiveFailed(logger, e);
            throw new BattleshipException(ErrorCode.Unavailable, "The database could not complete the request; try again.");
        }
    }

    [LoggerMessage(
        EventId = 2501,
        EventName = "MatchRated",
        Level = LogLevel.Information,
        Message = "Match {MatchId} rated: {Participant} {Delta:+0.0;-0.0}"
    )]
    private static partial void LogRated(ILogger logger, Guid matchId, Sql.Participant participant, double delta);

    [LoggerMessage(EventId = 2502, EventName = "ArchiveFailed", Level = LogLevel.Error, Message = "The archive failed")]
    private static partial void LogArchiveFailed(ILogger logger, Exception exception);

    private static Sql.Participant ToArchive(Models.Participant participant) =>
        participant.Kind == ParticipantKind.User ? Sql.Participant.User(participant.Id) : Sql.Participant.Agent(participant.Id);
}
