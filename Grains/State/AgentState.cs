using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>The persisted definition of an agent.</summary>
[GenerateSerializer, Alias("battleship.state.agent")]
public sealed class AgentState
{
    /// <summary>Whether the agent is defined (false before the first definition and after deletion).</summary>
    [Id(0)]
    public bool IsDefined { get; set; }

    /// <summary>The name shown to players.</summary>
    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public AgentKind Kind { get; set; }

    /// <summary>The baseline policy's canonical name, or the DQN checkpoint.</summary>
    [Id(3)]
    public string Policy { get; set; } = "";

    /// <summary>The user who made the agent, if any.</summary>
    [Id(4)]
    public Guid? OwnerId { get; set; }

    /// <summary>Whether this is one of <see cref="BuiltInAgents"/>.</summary>
    [Id(5)]
    public bool IsBuiltIn { get; set; }

    /// <summary>When the agent was first defined.</summary>
    [Id(6)]
    public DateTimeOffset CreatedAt { get; set; }
}
