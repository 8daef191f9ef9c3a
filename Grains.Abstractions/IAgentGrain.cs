using Battleship.Grains.Models;
using Orleans.Concurrency;

namespace Battleship.Grains;

/// <summary>
/// An AI agent: its definition and its decisions. Heuristic agents decide in the game silo. The
/// reading methods are <see cref="ReadOnlyAttribute">read-only</see>: they may interleave with
/// each other (many matches asking one agent at once), never with a definition or deletion.
/// </summary>
[Alias("battleship.agent-grain")]
public interface IAgentGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates or replaces the agent's definition, unchecked: for a new agent (its id just made),
    /// the built-in agents' seeder and a training job registering its agent. Changes on a user's
    /// behalf go through <see cref="UpdateAsync"/>.
    /// </summary>
    [Alias("define")]
    Task<AgentProfile> DefineAsync(AgentDefinition definition);

    /// <summary>
    /// Redefines the agent on behalf of <paramref name="caller"/>, who must be its owner or an admin
    /// (<see cref="ErrorCode.NotFound"/>, <see cref="ErrorCode.NotOwner"/>; a built-in agent is
    /// <see cref="ErrorCode.InvalidTransition"/>). The agent keeps its owner whatever the definition says.
    /// </summary>
    [Alias("update")]
    Task<AgentProfile> UpdateAsync(Caller caller, AgentDefinition definition);

    /// <summary>The profile; <see cref="ErrorCode.NotFound"/> for an unknown agent.</summary>
    [Alias("profile"), ReadOnly]
    Task<AgentProfile> GetProfileAsync();

    /// <summary>Deletes the agent on behalf of its owner or an admin, refused as <see cref="UpdateAsync"/> is.</summary>
    [Alias("delete-as")]
    Task DeleteAsync(Caller caller);

    /// <summary>The cell to fire at, given what the agent's side knows.</summary>
    [Alias("shot"), ReadOnly]
    Task<int> ChooseShotAsync(AgentShotRequest request);

    /// <summary>A fleet layout for a new match.</summary>
    [Alias("fleet"), ReadOnly]
    Task<IReadOnlyList<FleetPlacement>> ChooseFleetAsync(RulesSpec rules, ulong seed);
}
