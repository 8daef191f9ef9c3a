namespace Battleship.Grains.Tests.Agents;

/// <summary>The plain sentence each agent profile carries about how the agent plays.</summary>
public class AgentDescriptionsTests
{
    [Fact]
    public void EveryBuiltInAgent_HasItsOwnPlainSentence()
    {
        var descriptions = BuiltInAgents
            .All.Select(a => new AgentProfile(a.Id, a.Definition.Name, a.Definition.Kind, a.Definition.Policy, null, true, default))
            .Select(p => p.Description)
            .ToList();

        Assert.All(descriptions, d => Assert.EndsWith(".", d));
        Assert.Equal(descriptions.Count, descriptions.Distinct().Count());
        Assert.Equal(
            "Counts every way the remaining ships could lie and fires at the cell most of them cover.",
            AgentDescriptions.For(AgentKind.Heuristic, "density")
        );
    }

    [Fact]
    public void SunkVariants_SayTheyStopChasingASunkShip_AndADqnAgentIsANetworkWhateverItsCheckpoint()
    {
        var hunt = AgentDescriptions.For(AgentKind.Heuristic, "hunt");

        Assert.StartsWith(hunt, AgentDescriptions.For(AgentKind.Heuristic, "hunt-sunk"), StringComparison.Ordinal);
        Assert.Contains("Once a ship sinks", AgentDescriptions.For(AgentKind.Heuristic, "parity-sunk"), StringComparison.Ordinal);
        Assert.StartsWith("A neural network", AgentDescriptions.For(AgentKind.Dqn, "jobs/abc.pt"), StringComparison.Ordinal);
        Assert.Equal("Plays by its own policy.", AgentDescriptions.For(AgentKind.Heuristic, "unknown"));
    }
}
