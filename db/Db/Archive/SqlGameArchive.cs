using System.Text.Json;
using Battleship.Db.Ratings;
using Battleship.Grains;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Db.Archive;

/// <summary>
/// The grains' <see cref="IGameArchive"/> over the relational archive (the stores, EF Core on
/// PostgreSQL or SQL Server), through the one adapter of rows and models (<see cref="ArchiveModels"/>);
/// rates finished matches with Glicko-2 at <see cref="RatingOptions.Tau"/>.
/// </summary>
/// <remarks>
/// Database exceptions never cross a grain boundary (the driver's exception types are not
/// serializable and would tell a client too much): a unique or reference violation becomes a
/// <see cref="ErrorCode.Validation"/> error, anything else is logged and becomes
/// <see cref="ErrorCode.Unavailable"/>.
/// </remarks>
/// <param name="users">The users.</param>
/// <param name="agents">The agents.</param>
/// <param name="rooms">The rooms.</param>
/// <param name="matches">The finished matches.</param>
/// <param name="trainingJobs">The training jobs.</param>
/// <param name="clock">The game clock (a room's closing time).</param>
/// <param name="ratingOptions">The rating system's τ.</param>
/// <param name="logger">Where failures and ratings are logged.</param>
public sealed partial class SqlGameArchive(
    UserStore users,
    AgentStore agents,
    RoomStore rooms,
    MatchStore matches,
    TrainingJobStore trainingJobs,
    GameClock clock,
    IOptions<RatingOptions> ratingOptions,
    ILogger<SqlGameArchive> logger
) : IGameArchive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Glicko2 _ratingSystem = new(ratingOptions.Value.Tau);

    /// <inheritdoc />
    public async Task<ResolvedUser> ResolveUserAsync(UserIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var resolution = await GuardAsync(() =>
            users.ResolveUserAsync(identity.Issuer, identity.Subject, identity.DisplayName, cancellationToken)
        );
        return new ResolvedUser(resolution.UserId, resolution.Created);
    }

    /// <inheritdoc />
    public Task UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default) =>
        GuardAsync(() => users.UpdateDisplayNameAsync(userId, displayName, cancellationToken));

    /// <inheritdoc />
    public Task UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return GuardAsync(() => agents.UpsertAgentAsync(agent, cancellationToken), $"An agent named '{agent.Name}' already exists.");
    }

    /// <inheritdoc />
    public async Task DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        if (await GuardAsync(() => agents.DeleteAgentAsync(agentId, cancellationToken)) == DeleteOutcome.InUse)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, "An agent that has played matches is kept for their history.");
        }
    }

    /// <inheritdoc />
    public Task UpsertTrainingJobAsync(TrainingJobView job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return GuardAsync(() => trainingJobs.UpsertTrainingJobAsync(ArchiveModels.TrainingJobRecord(job), cancellationToken));
    }

    /// <inheritdoc />
    public Task UpsertRoomAsync(RoomView room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        return GuardAsync(() => rooms.UpsertRoomAsync(ArchiveModels.RoomSnapshot(room, clock.UtcNow), cancellationToken));
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
        var archived = await GuardAsync(() =>
            matches.ArchiveFinishedMatchAsync(
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
                    match.EndReason ?? EndReason.Win, // a finished match always has one
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
                ArchiveTelemetry.RatingRecorded(change.Participant.Kind, change.After.Rating);
                MatchRated(logger, match.MatchId, change.Participant, change.After.Rating - change.Before.Rating);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentProfile>> ListLadderAgentsAsync(int limit, CancellationToken cancellationToken = default)
    {
        return await GuardAsync(() => agents.ListLadderAgentsAsync(AgentKind.Heuristic, limit, cancellationToken));
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
            ArchiveFailed(logger, e);
            throw new BattleshipException(ErrorCode.Unavailable, "The database could not complete the request; try again.");
        }
    }

    [LoggerMessage(5101, LogLevel.Information, "Match {MatchId} rated: {Participant} {Delta:+0.0;-0.0}")]
    private static partial void MatchRated(ILogger logger, Guid matchId, ParticipantRef participant, double delta);

    [LoggerMessage(5102, LogLevel.Error, "The archive failed")]
    private static partial void ArchiveFailed(ILogger logger, Exception exception);

    private static ParticipantRef ToArchive(Participant participant) => new(participant.Kind, participant.Id);
}
