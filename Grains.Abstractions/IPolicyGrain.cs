using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>A trained DQN policy (key: its checkpoint's name), on trainer silos: answers shot requests for DQN agents.</summary>
[Alias("battleship.policy-grain")]
public interface IPolicyGrain : IGrainWithStringKey
{
    /// <summary>The cell to fire at, given what the agent's side knows.</summary>
    [Alias("shot")]
    Task<int> ChooseShotAsync(AgentShotRequest request);

    /// <summary>
    /// The policy's view of a position: the chance of a hit on every cell and the cell it would
    /// fire at, from what the request's side knows (for the analysis of finished matches).
    /// </summary>
    [Alias("analyze")]
    Task<ShotAnalysis> AnalyzeAsync(AgentShotRequest request);
}
