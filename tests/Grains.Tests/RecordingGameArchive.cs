using System.Collections.Concurrent;
using Battleship.Grains.Models;

namespace Battleship.Grains.Tests;

/// <summary>An archive that keeps what the grains write in memory, for asserting on it.</summary>
public sealed class RecordingGameArchive : IGameArchive
{
    private readonly ConcurrentDictionary<(string, string), Guid> _users = new();

    /// <summary>Archived matches by id.</summary>
    public ConcurrentDictionary<Guid, (MatchReplay Match, IReadOnlyList<RatingChange> Ratings)> Matches { get; } = new();

    /// <summary>Room rows by id.</summary>
    public ConcurrentDictionary<Guid, RoomView> Rooms { get; } = new();

    /// <summary>Agent rows by id.</summary>
    public ConcurrentDictionary<Guid, AgentProfile> Agents { get; } = new();

    /// <inheritdoc />
    public Task<ResolvedUser> ResolveUserAsync(UserIdentity identity, CancellationToken cancellationToken = default)
    {
        var created = false;
        var id = _users.GetOrAdd(
            (identity.Issuer, identity.Subject),
            _ =>
            {
                created = true;
                return Guid.NewGuid();
            }
        );
        return Task.FromResult(new ResolvedUser(id, created));
    }

    /// <inheritdoc />
    public Task UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <inheritdoc />
    public Task UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default)
    {
        Agents[agent.Id] = agent;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        Agents.TryRemove(agentId, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpsertRoomAsync(RoomView room, CancellationToken cancellationToken = default)
    {
        Rooms[room.Id] = room;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ArchiveMatchAsync(
        MatchReplay match,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        IReadOnlyList<RatingChange> ratingChanges,
        CancellationToken cancellationToken = default
    )
    {
        Matches[match.MatchId] = (match, ratingChanges);
        return Task.CompletedTask;
    }
}
