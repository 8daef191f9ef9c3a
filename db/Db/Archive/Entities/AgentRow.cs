using Battleship.Grains.Models;

namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>agents</c>: an AI player.</summary>
public sealed class AgentRow : IUpsertedRow
{
    /// <summary>The agent id (also the AgentGrain key).</summary>
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public AgentKind Kind { get; set; }

    /// <summary>The heuristic's name (for example <c>density</c>) or the checkpoint path.</summary>
    public string Policy { get; set; } = "";

    /// <summary>The user who owns the agent, if any.</summary>
    public Guid? OwnerUserId { get; set; }

    /// <summary>Whether the server ships the agent.</summary>
    public bool IsBuiltin { get; set; }

    /// <summary>When the agent was registered.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
