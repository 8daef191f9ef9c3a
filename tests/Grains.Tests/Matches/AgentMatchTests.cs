using Battleship.Grains.Models;

namespace Battleship.Grains.Tests.Matches;

[Collection(ClusterCollection.Name)]
public class AgentMatchTests(ClusterFixture fixture)
{
    [Fact]
    public async Task HumanVsAgent_AgentAnswersEveryShot_AndTheMatchFinishes()
    {
        var human = await fixture.NewUserAsync("human");
        var match = fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid());
        await using var events = await MatchEvents.SubscribeAsync(fixture, match);
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
        var archived = await fixture.Archive.GetMatchAsync(match.GetPrimaryKey(), TestContext.Current.CancellationToken);
        Assert.Equal(view.TurnNumber, archived!.Moves.Count);
    }

    [Fact]
    public async Task AgentVsAgent_PlaysItselfToTheEnd_AndIsRated()
    {
        var match = fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid());
        await using var events = await MatchEvents.SubscribeAsync(fixture, match);

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
        var history = await fixture.Archive.GetRatingHistoryAsync(
            Db.Archive.Participant.Agent(BuiltInAgents.Density),
            1,
            100,
            TestContext.Current.CancellationToken
        );
        Assert.Contains(history.Items, h => h.MatchId == match.GetPrimaryKey());
    }
}
