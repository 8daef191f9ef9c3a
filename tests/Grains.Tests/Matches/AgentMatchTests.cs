using Battleship.Grains.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Grains.Tests.Matches;

public class AgentMatchTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    [Fact]
    public async Task HumanVsAgent_AgentAnswersEveryShot_AndTheMatchFinishes()
    {
        var human = await Fixture.NewUserAsync("human");
        var match = Fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid());
        await using var events = await MatchEvents.SubscribeAsync(Fixture, match);
        await match.StartAsync(new MatchSetup(human, Participant.Agent(BuiltInAgents.Hunt, "Hunter"), RulesSpec.Standard, Seed: 42));
        var view = await match.PlaceFleetAsync(human.Id, null);
        Assert.True(view.Boards[1].FleetPlaced);
        Assert.Null(view.Boards[1].Ships); // the agent's fleet is hidden from the human

        var cell = 0;
        while (view.Status == MatchStatus.InProgress)
        {
            var mine = await match.FireAsync(human.Id, cell++, view.TurnNumber);
            if (mine.Status == MatchStatus.InProgress)
            {
                var reply = await events.NextAsync<ShotFiredEvent>(e => e.Shot.Player == 1);
                Assert.Equal(mine.TurnNumber + 1, reply.Shot.TurnNumber);
            }
            view = await match.GetViewAsync(human.Id);
        }

        Assert.Equal(MatchStatus.Finished, view.Status);
        Assert.Equal(EndReason.Win, view.EndReason);
        var archived = await Fixture.Archive.GetMatchAsync(match.GetPrimaryKey(), TestContext.Current.CancellationToken);
        Assert.Equal(view.TurnNumber, archived!.Moves.Count);
    }

    [Fact]
    public async Task AgentWhosePolicyIsUnavailable_IsOnTheClock_AndLosesOnTimeWhenItRunsOut()
    {
        var human = await Fixture.NewUserAsync("human");
        var agentId = Guid.NewGuid(); // a DQN agent: its policy runs on a trainer silo, and this cluster has none
        await Fixture
            .Grains.GetGrain<IAgentGrain>(agentId)
            .DefineAsync(new AgentDefinition($"Dqn {agentId:N}"[..20], AgentKind.Dqn, "any"));
        var match = Fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid());
        await using var events = await MatchEvents.SubscribeAsync(Fixture, match);
        var setup = new MatchSetup(
            human,
            Participant.Agent(agentId, "Learner"),
            RulesSpec.Standard,
            FirstPlayer: 1,
            TurnTimeout: TimeSpan.FromSeconds(30),
            Seed: 7
        );
        await match.StartAsync(setup);
        var placedAt = Fixture.Time.GetUtcNow();
        await match.PlaceFleetAsync(human.Id, null); // the agent's turn: it cannot be asked

        var waiting = await match.GetViewAsync(human.Id); // the agent's failed turn ran before this call (the grain takes one call at a time)
        Fixture.Time.Advance(TimeSpan.FromSeconds(29)); // tried again every second meanwhile
        var stillWaiting = await match.GetViewAsync(human.Id);
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var ended = await events.NextAsync<MatchEndedEvent>();

        Assert.Equal(
            (MatchStatus.InProgress, 1, placedAt + TimeSpan.FromSeconds(30)),
            (waiting.Status, waiting.CurrentPlayer, waiting.TurnDeadline)
        );
        Assert.Equal((MatchStatus.InProgress, 0), (stillWaiting.Status, stillWaiting.TurnNumber));
        Assert.Equal((0, EndReason.Timeout), (ended.Winner, ended.Reason));
    }

    [Fact]
    public async Task BuiltInAgent_AnswersInTheSameTurn_StoredInOneWrite_AndAnnouncedWithTheShot()
    {
        var human = await Fixture.NewUserAsync("human");
        var match = Fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid());
        await match.StartAsync(new MatchSetup(human, Participant.Agent(BuiltInAgents.Random, "Random"), RulesSpec.Standard, Seed: 5));
        await match.PlaceFleetAsync(human.Id, null);
        var (events, followed) = await MatchEvents.FollowAsync(Fixture, match, human.Id);
        await using var _ = events;

        var mine = await match.FireAsync(human.Id, 44, expectedTurn: 0);

        // The answer is the player's own shot; the agent's is stored by the time it is given.
        Assert.Equal((44, 1, 1), (mine.Shot.Cell, mine.TurnNumber, mine.NextPlayer));
        var log = await Fixture
            .SiloServices.GetRequiredService<IMatchLogStore>()
            .ReadAsync(match.GetPrimaryKey(), TestContext.Current.CancellationToken);
        Assert.Equal(
            [(MatchLogKind.Shot, 0, 44), (MatchLogKind.Shot, 1, log[^1].Cell)],
            log.TakeLast(2).Select(e => (e.Kind, e.Player!.Value, e.Cell))
        );
        var reply = await events.NextAsync<ShotFiredEvent>(e => e.Shot.Player == 1);
        Assert.Equal((log[^1].Cell!.Value, 2, 0), (reply.Shot.Cell, reply.Shot.TurnNumber, reply.NextPlayer!.Value));

        // One push: the shot without views, the answer with the views after both.
        var updates = events.Updates.Where(u => u.Version > followed.Version).ToList();
        Assert.Equal([followed.Version + 1, followed.Version + 2], updates.Select(u => u.Version));
        Assert.Null(updates[0].Views);
        Assert.Equal(2, updates[1].Views!.PlayerOne.TurnNumber);
        Assert.Equal(2, (await match.GetViewAsync(human.Id)).TurnNumber);
    }

    [Fact]
    public async Task AgentVsAgent_PlaysItselfToTheEnd_AndIsRated()
    {
        var match = Fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid());
        await using var events = await MatchEvents.SubscribeAsync(Fixture, match);

        await match.StartAsync(
            new MatchSetup(
                Participant.Agent(BuiltInAgents.Density, "Density"),
                Participant.Agent(BuiltInAgents.Random, "Random"),
                RulesSpec.Standard,
                Seed: 7
            )
        );
        var ended = await events.NextAsync<MatchEndedEvent>();

        Assert.Equal(EndReason.Win, ended.Reason);
        Assert.All(ended.Fleets, fleet => Assert.Equal(17, fleet.Sum(s => s.Cells.Count)));
        var shots = events.Received.OfType<ShotFiredEvent>().ToList();
        Assert.Equal(Enumerable.Range(1, shots.Count), shots.Select(s => s.Shot.TurnNumber));
        var history = await Fixture.Archive.GetRatingHistoryAsync(
            ParticipantRef.Agent(BuiltInAgents.Density),
            1,
            100,
            TestContext.Current.CancellationToken
        );
        Assert.Contains(history.Items, h => h.MatchId == match.GetPrimaryKey());
    }
}
