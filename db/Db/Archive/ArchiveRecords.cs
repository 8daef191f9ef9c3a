namespace Battleship.Db.Archive;

/// <summary>The result of <see cref="IArchiveStore.ResolveUserAsync"/>.</summary>
/// <param name="UserId">The internal user id the identity maps to.</param>
/// <param name="Created">Whether this call created the user (true for exactly one caller per identity).</param>
public sealed record UserResolution(Guid UserId, bool Created);

/// <summary>A user as archived.</summary>
/// <param name="Id">Internal user id.</param>
/// <param name="Issuer">Identity issuer (<c>iss</c>).</param>
/// <param name="Subject">Identity subject (<c>sub</c>).</param>
/// <param name="DisplayName">Name shown to others.</param>
/// <param name="CreatedAt">First seen.</param>
/// <param name="LastSeenAt">Last resolved.</param>
public sealed record UserRecord(
    Guid Id,
    string Issuer,
    string Subject,
    string DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt
);

/// <summary>An agent, as written by <see cref="IArchiveStore.UpsertAgentAsync"/> and read back.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Name">Unique name (at most <see cref="ArchiveLimits.AgentNameMaxLength"/> characters).</param>
/// <param name="Kind">Heuristic or DQN.</param>
/// <param name="Policy">Heuristic name or checkpoint path.</param>
/// <param name="OwnerUserId">Owning user, if any.</param>
/// <param name="IsBuiltin">Shipped with the server.</param>
/// <param name="CreatedAt">Registered at (kept from the first upsert).</param>
public sealed record AgentRecord(
    Guid Id,
    string Name,
    AgentKind Kind,
    string Policy,
    Guid? OwnerUserId,
    bool IsBuiltin,
    DateTimeOffset CreatedAt
);

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

/// <summary>A training job, as written by <see cref="IArchiveStore.UpsertTrainingJobAsync"/> and read back.</summary>
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

/// <summary>One page of a list, newest or best first.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items on this page (fewer than <paramref name="PageSize"/> on the last page).</param>
/// <param name="PageNumber">1-based page number.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="TotalCount">Items on all pages.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount)
{
    /// <summary>Number of pages (0 for an empty list).</summary>
    public int TotalPages => TotalCount == 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;
}
