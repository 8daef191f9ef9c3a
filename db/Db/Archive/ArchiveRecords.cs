using Battleship.Grains.Models;

namespace Battleship.Db.Archive;

/// <summary>The result of <see cref="UserStore.ResolveUserAsync"/>.</summary>
/// <param name="UserId">The internal user id the identity maps to.</param>
/// <param name="Created">Whether this call created the user (true for exactly one caller per identity).</param>
public sealed record UserResolution(Guid UserId, bool Created);

/// <summary>A room's latest state, as the RoomGrain reports it.</summary>
/// <param name="Id">Room id.</param>
/// <param name="Name">Room name.</param>
/// <param name="OwnerUserId">Creator.</param>
/// <param name="IsPrivate">Hidden from the lobby.</param>
/// <param name="AiAgentId">Seated agent, if any.</param>
/// <param name="Status">Open, Full, InMatch or Closed.</param>
/// <param name="CreatedAt">Created at (kept from the first upsert).</param>
/// <param name="ClosedAt">Closed at; set exactly when <paramref name="Status"/> is Closed.</param>
public sealed record RoomSnapshot(
    Guid Id,
    string Name,
    Guid OwnerUserId,
    bool IsPrivate,
    Guid? AiAgentId,
    RoomStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt
);

/// <summary>A training job, as written by <see cref="TrainingJobStore.UpsertTrainingJobAsync"/> and read back.</summary>
/// <param name="Id">Job id.</param>
/// <param name="OwnerUserId">Submitting user, if any.</param>
/// <param name="Status">Where the job stands.</param>
/// <param name="Config">Configuration (JSON).</param>
/// <param name="Progress">Latest progress (JSON), if any.</param>
/// <param name="BestCheckpoint">Best checkpoint path, if any.</param>
/// <param name="AgentId">Agent registered from the job, if any.</param>
/// <param name="CreatedAt">Submitted at (kept from the first upsert).</param>
/// <param name="StartedAt">Training started at.</param>
/// <param name="FinishedAt">Ended at.</param>
public sealed record TrainingJobRecord(
    Guid Id,
    Guid? OwnerUserId,
    TrainingJobStatus Status,
    string Config,
    string? Progress,
    string? BestCheckpoint,
    Guid? AgentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt
);
