namespace Battleship.Db.Archive;

/// <summary>
/// The archive and read models, as the grains and the gateway use them. Every write runs in one
/// transaction of its own context (a constraint violation rolls the whole call back and surfaces
/// as the provider's exception, usually inside a <c>DbUpdateException</c>); transient failures are
/// retried by the provider's execution strategy. Timestamps are stored in UTC with microsecond
/// precision (PostgreSQL's), on both engines.
/// </summary>
public interface IArchiveStore
{
    /// <summary>
    /// Maps an identity to its internal user id, creating the user on first sight and recording
    /// the sign-in otherwise. Safe to call concurrently for the same identity: exactly one caller
    /// gets <see cref="UserResolution.Created"/> and all get the same id (unique index plus retry).
    /// </summary>
    /// <param name="issuer">The token's <c>iss</c>.</param>
    /// <param name="subject">The token's <c>sub</c> (compared exactly, case-sensitively).</param>
    /// <param name="displayName">Name for a new user; trimmed and cut to <see cref="ArchiveLimits.DisplayNameMaxLength"/>. Ignored for an existing user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user id and whether it was created.</returns>
    Task<UserResolution> ResolveUserAsync(string issuer, string subject, string displayName, CancellationToken cancellationToken = default);

    /// <summary>Renames a user.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="displayName">The new name: not blank, at most <see cref="ArchiveLimits.DisplayNameMaxLength"/> characters after trimming.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when there is no such user.</returns>
    Task<bool> UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default);

    /// <summary>Reads a user.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user, or null.</returns>
    Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a user who has played no archived match: their rooms are deleted (matches keep,
    /// without a room), their agents and training jobs lose their owner, their rating and its
    /// history are deleted. A user who has played is kept (<see cref="DeleteOutcome.InUse"/>).
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    Task<DeleteOutcome> DeleteUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or updates an agent (by id). The name must be unique.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the agent was created.</returns>
    Task<bool> UpsertAgentAsync(AgentRecord agent, CancellationToken cancellationToken = default);

    /// <summary>Reads an agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The agent, or null.</returns>
    Task<AgentRecord?> GetAgentAsync(Guid agentId, CancellationToken cancellationToken = default);

    /// <summary>Agents, built-in ones first, then by name (ties: id).</summary>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="ArchiveLimits.MaxPageSize"/>.</param>
    /// <param name="ownerUserId">Only the agents this user owns, when given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<Page<AgentRecord>> ListAgentsAsync(
        int page,
        int pageSize,
        Guid? ownerUserId = null,
        CancellationToken cancellationToken = default
    );

    /// <summary>
    /// The agents on the ladder of one kind: the built-in ones and every one that has a rating, by
    /// id, at most <paramref name="limit"/> (the scheduled ladder games draw from them).
    /// </summary>
    /// <param name="kind">Heuristic or DQN.</param>
    /// <param name="limit">The most agents returned (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The agents.</returns>
    Task<IReadOnlyList<AgentRecord>> ListLadderAgentsAsync(AgentKind kind, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an agent that has played no archived match: rooms that seat it lose it, training
    /// jobs lose it, its rating and history are deleted. An agent that has played is kept.
    /// </summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    Task<DeleteOutcome> DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or updates a room's snapshot (by id).</summary>
    /// <param name="room">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the room was created.</returns>
    Task<bool> UpsertRoomAsync(RoomSnapshot room, CancellationToken cancellationToken = default);

    /// <summary>Reads a room's snapshot.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The snapshot, or null.</returns>
    Task<RoomSnapshot?> GetRoomAsync(Guid roomId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a room's snapshot; its matches keep, without a room.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when there was no such room.</returns>
    Task<bool> DeleteRoomAsync(Guid roomId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Archives and rates a finished match in one transaction: the match row (its moves stay where
    /// they are, in the match's log, which must hold <see cref="MatchArchive.MoveCount"/> moves),
    /// then, when it has a winner, both participants' <c>ratings</c> rows (created at
    /// <see cref="Ratings.Glicko2Rating.Initial"/> on a first match) updated by
    /// <paramref name="ratingSystem"/> from the rows as they are, and one <c>rating_history</c> row
    /// each. The two rating rows are locked, one after the other in a fixed order, until the
    /// transaction commits, so matches that end at once and share a participant are rated one after
    /// the other: none loses an update and none deadlocks. Idempotent by match id: a match already
    /// archived is left as it is (also when two calls race) and the call answers what the first one
    /// recorded. Nothing is written when any part fails.
    /// </summary>
    /// <param name="match">The match.</param>
    /// <param name="ratingSystem">The Glicko-2 calculator (its τ) that rates the match.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether this call archived the match, and the rating changes recorded for it.</returns>
    Task<ArchivedMatch> ArchiveFinishedMatchAsync(
        MatchArchive match,
        Ratings.Glicko2 ratingSystem,
        CancellationToken cancellationToken = default
    );

    /// <summary>Reads an archived match with its moves (from its log), for replay.</summary>
    /// <param name="matchId">The match.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The match, or null.</returns>
    Task<MatchReplay?> GetMatchAsync(Guid matchId, CancellationToken cancellationToken = default);

    /// <summary>A participant's matches, newest first (by end, then id).</summary>
    /// <param name="participant">The user or agent.</param>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="ArchiveLimits.MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<Page<MatchSummary>> GetMatchHistoryAsync(
        Participant participant,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    );

    /// <summary>Deletes an archived match: its log goes with it, rating history keeps without it.</summary>
    /// <param name="matchId">The match.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when there was no such match.</returns>
    Task<bool> DeleteMatchAsync(Guid matchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ladder: ratings, highest first (ties: lower deviation first, then id, so the order is
    /// total and pages never overlap), read along the index <c>ix_ratings_rating_deviation_id</c>.
    /// </summary>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="ArchiveLimits.MaxPageSize"/>.</param>
    /// <param name="scope">Users, agents or both.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<Page<LadderEntry>> GetLadderAsync(
        int page,
        int pageSize,
        LadderScope scope = LadderScope.All,
        CancellationToken cancellationToken = default
    );

    /// <summary>A participant's current rating and record.</summary>
    /// <param name="participant">The user or agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rating, or null before the participant's first rated match.</returns>
    Task<RatingRecord?> GetRatingAsync(Participant participant, CancellationToken cancellationToken = default);

    /// <summary>A participant's rating changes, newest first.</summary>
    /// <param name="participant">The user or agent.</param>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="ArchiveLimits.MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page (empty when the participant has no rating).</returns>
    Task<Page<RatingChange>> GetRatingHistoryAsync(
        Participant participant,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default
    );

    /// <summary>Inserts or updates a training job (by id).</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the job was created.</returns>
    Task<bool> UpsertTrainingJobAsync(TrainingJobRecord job, CancellationToken cancellationToken = default);

    /// <summary>Reads a training job.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job, or null.</returns>
    Task<TrainingJobRecord?> GetTrainingJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>Training jobs, newest first (ties: id).</summary>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="ArchiveLimits.MaxPageSize"/>.</param>
    /// <param name="ownerUserId">Only this user's jobs, when given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<Page<TrainingJobRecord>> ListTrainingJobsAsync(
        int page,
        int pageSize,
        Guid? ownerUserId = null,
        CancellationToken cancellationToken = default
    );
}
