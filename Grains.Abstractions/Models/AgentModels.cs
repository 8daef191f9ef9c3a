namespace Battleship.Grains.Models;

/// <summary>How an agent decides.</summary>
public enum AgentKind
{
    /// <summary>One of the engine's baseline policies, run inside the game silo.</summary>
    Heuristic,

    /// <summary>A trained deep Q-network, served by trainer silos.</summary>
    Dqn,
}

/// <summary>What an agent is: its name, kind and policy (a baseline's name, or a checkpoint).</summary>
[GenerateSerializer, Immutable, Alias("battleship.agent-definition")]
public sealed record AgentDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] AgentKind Kind,
    [property: Id(2)] string Policy,
    [property: Id(3)] Guid? OwnerId = null,
    [property: Id(4)] bool IsBuiltIn = false
);

/// <summary>An agent as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("battleship.agent-profile")]
public sealed record AgentProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] AgentKind Kind,
    [property: Id(3)] string Policy,
    [property: Id(4)] Guid? OwnerId,
    [property: Id(5)] bool IsBuiltIn,
    [property: Id(6)] DateTimeOffset CreatedAt
)
{
    /// <summary>How the agent plays, in one plain sentence (from its kind and policy).</summary>
    public string Description => AgentDescriptions.For(Kind, Policy);
}

/// <summary>One plain sentence per way of playing, for people choosing an opponent.</summary>
public static class AgentDescriptions
{
    /// <summary>How an agent of <paramref name="kind"/> with <paramref name="policy"/> plays.</summary>
    public static string For(AgentKind kind, string policy)
    {
        if (kind == AgentKind.Dqn)
        {
            return "A neural network trained by playing many games: it looks at the shots so far and fires where it learned hits are likeliest.";
        }
        var sunk = policy.EndsWith("-sunk", StringComparison.Ordinal);
        var basePolicy = sunk ? policy[..^"-sunk".Length] : policy;
        var text = basePolicy switch
        {
            "random" => "Fires at a random cell it has not tried yet, and never aims.",
            "hunt" => "Fires at random until it hits, then tries the cells next to the hit until the ship sinks.",
            "parity" =>
                "Fires on a checkerboard (every ship covers at least one of its squares) until it hits, then tries the cells next to the hit until the ship sinks.",
            "density" => "Counts every way the remaining ships could lie and fires at the cell most of them cover.",
            "posterior" => "Imagines a thousand whole fleets that fit everything seen so far and fires where most of them have a ship.",
            _ => "Plays by its own policy.",
        };
        return sunk ? text + " Once a ship sinks, it stops chasing that ship's cells." : text;
    }
}

/// <summary>What an agent is told when asked for a shot: exactly what its side knows, nothing more.</summary>
[GenerateSerializer, Immutable, Alias("battleship.agent-shot-request")]
public sealed record AgentShotRequest(
    [property: Id(0)] Guid MatchId,
    [property: Id(1)] RulesSpec Rules,
    [property: Id(2)] CellSet Shots,
    [property: Id(3)] CellSet Hits,
    [property: Id(4)] CellSet SunkCells,
    [property: Id(5)] uint AfloatShips,
    [property: Id(6)] ulong Seed
);

/// <summary>The agents every silo seeds at start-up, one per baseline policy, with fixed ids.</summary>
public static class BuiltInAgents
{
    /// <summary>Random shots without repeats.</summary>
    public static readonly Guid Random = new("00000000-0000-4000-a000-000000000001");

    /// <summary>Classic hunt/target.</summary>
    public static readonly Guid Hunt = new("00000000-0000-4000-a000-000000000002");

    /// <summary>Hunt/target with parity.</summary>
    public static readonly Guid Parity = new("00000000-0000-4000-a000-000000000003");

    /// <summary>Probability density.</summary>
    public static readonly Guid Density = new("00000000-0000-4000-a000-000000000004");

    /// <summary>The posterior sampler (whole fleets consistent with what was seen; a decision takes well under a millisecond).</summary>
    public static readonly Guid Posterior = new("00000000-0000-4000-a000-000000000006");

    /// <summary>The shipped DQN agent (served by trainer silos; checkpoint <c>builtin/dqn-default</c>).</summary>
    public static readonly Guid Dqn = new("00000000-0000-4000-a000-000000000005");

    /// <summary>Every built-in agent with its definition.</summary>
    public static IReadOnlyList<(Guid Id, AgentDefinition Definition)> All { get; } =
    [
        (Random, new AgentDefinition("Random", AgentKind.Heuristic, "random", IsBuiltIn: true)),
        (Hunt, new AgentDefinition("Hunter", AgentKind.Heuristic, "hunt", IsBuiltIn: true)),
        (Parity, new AgentDefinition("Parity Hunter", AgentKind.Heuristic, "parity", IsBuiltIn: true)),
        (Density, new AgentDefinition("Density", AgentKind.Heuristic, "density", IsBuiltIn: true)),
        (Posterior, new AgentDefinition("Posterior", AgentKind.Heuristic, "posterior", IsBuiltIn: true)),
        (Dqn, new AgentDefinition("DQN", AgentKind.Dqn, "builtin/dqn-default", IsBuiltIn: true)),
    ];
}
