using Battleship.Grains.Models;

namespace Battleship.Grains.Persistence;

/// <summary>
/// What the grains write to the relational archive (users, agents, rooms, finished matches with
/// their moves, ratings) and read back from it. A server-side port: silos register its
/// implementation (the EF Core archive in <c>Battleship.Db</c>); clients never see it.
/// </summary>
public interface IGameArchive
{
    /// <summary>The internal user id of an issuer/subject pair, created on first sight (safe under concurrency).</summary>
    Task<ResolvedUser> ResolveUserAsync(UserIdentity identity, CancellationToken cancellationToken = default);

    /// <summary>Stores a new display name.</summary>
    Task UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates an agent.</summary>
    Task UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default);

    /// <summary>Deletes an agent.</summary>
    Task DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates a training job's row (its name and latest progress as JSON, see <see cref="TrainingJobDigest"/>).</summary>
    Task UpsertTrainingJobAsync(TrainingJobView job, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates a room's row.</summary>
    Task UpsertRoomAsync(RoomView room, CancellationToken cancellationToken = default);

    /// <summary>
    /// Archives and rates a finished match in one transaction: the match and all its moves, then
    /// Glicko-2 for both players from their archived ratings as they are (locked), one history row
    /// each. Idempotent per match id: a repeat changes nothing.
    /// </summary>
    Task ArchiveMatchAsync(
        MatchReplay match,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        CancellationToken cancellationToken = default
    );

    /// <summary>
    /// The heuristic agents on the ladder (the built-in ones and every one with a rating), at most
    /// <paramref name="limit"/>: those that scheduled ladder games are drawn from.
    /// </summary>
    Task<IReadOnlyList<AgentProfile>> ListLadderAgentsAsync(int limit, CancellationToken cancellationToken = default);
}
