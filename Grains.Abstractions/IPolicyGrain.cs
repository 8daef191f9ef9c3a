using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>A trained DQN policy (key: its checkpoint's name), on trainer silos: answers shot requests for DQN agents.</summary>
[Alias("battleship.policy-grain")]
public interface IPolicyGrain : IGrainWithStringKey
{
    /// <summary>The cell to fire at, given what the agent's side knows.</summary>
    [Alias("shot")]
    Task<int> ChooseShotAsync(AgentShotRequest request);
}
