using Battleship.Grains.Models;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>The archive's agents (<c>agents</c>).</summary>
/// <param name="writer">The archive's shared write helper.</param>
public sealed class AgentStore(ArchiveWriter writer)
{
    /// <summary>Inserts or updates an agent (by id). The name must be unique.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the agent was created.</returns>
    public Task<bool> UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArchiveWriter.RequireText(agent.Name, Limits.StoredNameMaxLength, nameof(agent));
        ArchiveWriter.RequireText(agent.Policy, ArchiveLimits.PolicyMaxLength, nameof(agent));
        return writer.UpsertAsync(db => db.Agents, agent.Id, agent.CreatedAt, row => ArchiveModels.Write(agent, row), cancellationToken);
    }

    /// <summary>Agents, built-in ones first, then by name (ties: id).</summary>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="Limits.MaxPageSize"/>.</param>
    /// <param name="ownerUserId">Only the agents this user owns, when given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<Page<AgentProfile>> ListAgentsAsync(
        int page,
        int pageSize,
        Guid? ownerUserId = null,
        CancellationToken cancellationToken = default
    ) =>
        writer.ReadAsync(
            (db, ct) =>
                ArchiveWriter.PageAsync(
                    ownerUserId is { } owner ? db.Agents.AsNoTracking().Where(a => a.OwnerUserId == owner) : db.Agents.AsNoTracking(),
                    agents => agents.OrderByDescending(a => a.IsBuiltin).ThenBy(a => a.Name).ThenBy(a => a.Id),
                    agents => agents.Select(ArchiveModels.Agent),
                    page,
                    pageSize,
                    ct
                ),
            cancellationToken
        );

    /// <summary>
    /// The agents on the ladder of one kind: the built-in ones and every one that has a rating, by
    /// id, at most <paramref name="limit"/> (the scheduled ladder games draw from them).
    /// </summary>
    /// <param name="kind">Heuristic or DQN.</param>
    /// <param name="limit">The most agents returned (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The agents.</returns>
    public Task<IReadOnlyList<AgentProfile>> ListLadderAgentsAsync(AgentKind kind, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return writer.ReadAsync<IReadOnlyList<AgentProfile>>(
            async (db, ct) =>
                await db
                    .Agents.AsNoTracking()
                    .Where(a => a.Kind == kind && (a.IsBuiltin || db.Ratings.Any(r => r.AgentId == a.Id)))
                    .OrderBy(a => a.Id)
                    .Take(limit)
                    .Select(ArchiveModels.Agent)
                    .ToListAsync(ct),
            cancellationToken
        );
    }

    /// <summary>
    /// Deletes an agent that has played no archived match: rooms that seat it lose it, training
    /// jobs lose it, its rating and history are deleted. An agent that has played is kept.
    /// </summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    public Task<DeleteOutcome> DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default) =>
        writer.DeleteUnlessPlayedAsync(
            ParticipantRef.Agent(agentId),
            // rooms.ai_agent_id is SET NULL by intent but NO ACTION in the database: do it here.
            (db, ct) =>
                db.Rooms.Where(r => r.AiAgentId == agentId).ExecuteUpdateAsync(s => s.SetProperty(r => r.AiAgentId, (Guid?)null), ct),
            cancellationToken
        );
}
