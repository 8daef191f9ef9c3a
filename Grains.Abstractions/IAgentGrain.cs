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
    /// <summary>Creates or replaces the agent's definition.</summary>
    [Alias("define")]
    Task<AgentProfile> DefineAsync(AgentDefinition definition);

    /// <summary>The profile; <see cref="ErrorCode.NotFound"/> for an unknown agent.</summary>
    [Alias("profile"), ReadOnly]
    Task<AgentProfile> GetProfileAsync();

    /// <summary>Deletes the agent (not a built-in one).</summary>
    [Alias("delete")]
    Task DeleteAsync();

    /// <summary>The cell to fire at, given what the agent's side knows.</summary>
    [Alias("shot"), ReadOnly]
    Task<int> ChooseShotAsync(AgentShotRequest request);

    /// <summary>A fleet layout for a new match.</summary>
    [Alias("fleet"), ReadOnly]
    Task<IReadOnlyList<FleetPlacement>> ChooseFleetAsync(RulesSpec rules, ulong seed);
}
