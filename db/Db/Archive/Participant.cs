namespace Battleship.Db.Archive;

/// <summary>
/// One side of a match or a rated participant: exactly one of a user or an agent. Create it with
/// <see cref="User"/> or <see cref="Agent"/>; the database checks the same rule.
/// </summary>
public sealed record Participant
{
    private Participant(Guid? userId, Guid? agentId)
    {
        UserId = userId;
        AgentId = agentId;
    }

    /// <summary>The user, when the participant is a user.</summary>
    public Guid? UserId { get; }

    /// <summary>The agent, when the participant is an agent.</summary>
    public Guid? AgentId { get; }

    /// <summary>Whether the participant is a user (otherwise an agent).</summary>
    public bool IsUser => UserId.HasValue;

    /// <summary>A user.</summary>
    /// <param name="userId">The internal user id.</param>
    /// <returns>The participant.</returns>
    public static Participant User(Guid userId) => new(userId, null);

    /// <summary>An agent.</summary>
    /// <param name="agentId">The agent id.</param>
    /// <returns>The participant.</returns>
    public static Participant Agent(Guid agentId) => new(null, agentId);

    /// <summary>Rebuilds a participant from the two nullable columns that store it.</summary>
    internal static Participant FromColumns(Guid? userId, Guid? agentId) =>
        userId is { } user ? User(user)
        : agentId is { } agent ? Agent(agent)
        : throw new InvalidOperationException("A stored participant has neither a user nor an agent.");

    /// <inheritdoc />
    public override string ToString() => IsUser ? $"user:{UserId}" : $"agent:{AgentId}";
}
