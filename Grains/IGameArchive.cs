using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>
/// What the grains write to the relational archive (users, agents, rooms, finished matches with
/// their moves and rating changes) and read back from it. Implemented over the EF Core archive.
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

    /// <summary>Writes a finished match, all its moves and the rating changes in one transaction (idempotent per match).</summary>
    Task ArchiveMatchAsync(
        MatchReplay match,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        IReadOnlyList<RatingChange> ratingChanges,
        CancellationToken cancellationToken = default
    );
}
