using Battleship.Engine;
using Battleship.Grains;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Gateway.Tests.Realtime;

/// <summary>
/// Two silos with grain state in PostgreSQL and a gateway with its own client: the silo that holds
/// a match is killed mid-game, and the hub still delivers the match's events afterwards.
/// </summary>
public sealed class FailoverTests() : WithAdoNetCluster(silos: 2)
{
    [Fact]
    public async Task MatchSiloKilled_EventsStillArrive_AndNoMoveIsLost()
    {
        var cluster = Cluster;
        var gateway = cluster.CreateGateway(new Dictionary<string, string?> { ["Gateway:ObserverRenewal"] = "00:00:01" });
        var (one, two, matchId) = await gateway.StartRoomMatchAsync();
        var fleetOne = FleetLayout.Random(GameRules.Standard, 7);
        var fleetTwo = FleetLayout.Random(GameRules.Standard, 8);
        await using var hubOne = await gateway.ConnectMatchAsync(one);
        await using var hubTwo = await gateway.ConnectMatchAsync(two);
        await hubOne.Connection.InvokeAsync<MatchView>("JoinMatch", matchId, TestContext.Current.CancellationToken);
        await hubTwo.Connection.InvokeAsync<MatchView>("JoinMatch", matchId, TestContext.Current.CancellationToken);
        await hubOne.Connection.InvokeAsync<MatchView>(
            "PlaceFleet",
            matchId,
            fleetOne.ToPlacements(),
            TestContext.Current.CancellationToken
        );
        await hubTwo.Connection.InvokeAsync<MatchView>(
            "PlaceFleet",
            matchId,
            fleetTwo.ToPlacements(),
            TestContext.Current.CancellationToken
        );
        await hubTwo.NextAsync<MatchStartedEvent>("MatchStarted");
        var water = new Queue<int>(Enumerable.Range(0, 100).Where(c => !Bitboard.Contains(fleetOne.Occupied | fleetTwo.Occupied, c)));
        var first = await one.PostOkAsync<FireResult>($"/api/matches/{matchId}/fire", new { cell = water.Dequeue(), expectedTurn = 0 });
        await hubTwo.NextAsync<ShotFiredEvent>("ShotFired", e => e.TurnNumber == first.TurnNumber);
        var match = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IMatchGrain>(matchId);
        var matchSilo = await cluster.SiloOfAsync(match);

        await cluster.KillAsync(matchSilo);

        // The match reactivates on the other silo from its stored state, with no observers: the gateway's
        // renewal (every second here) subscribes again. Shots fired until then are stored but their events
        // reach nobody; keep playing until one arrives.
        var (turn, player, shots) = (first.TurnNumber, first.NextPlayer!.Value, new List<FireResult> { first });
        ShotFiredEvent? pushed = null;
        for (var attempt = 0; attempt < 10 && pushed is null; attempt++)
        {
            var shooter = player == 0 ? one : two;
            var result = await shooter.PostOkAsync<FireResult>(
                $"/api/matches/{matchId}/fire",
                new { cell = water.Dequeue(), expectedTurn = turn }
            );
            shots.Add(result);
            (turn, player) = (result.TurnNumber, result.NextPlayer!.Value);
            var watcher = player == 0 ? hubOne : hubTwo; // the player whose turn it is now saw the shot at them
            try
            {
                pushed = await watcher.NextAsync<ShotFiredEvent>(
                    "ShotFired",
                    e => e.TurnNumber == result.TurnNumber,
                    TimeSpan.FromSeconds(3)
                );
            }
            catch (TimeoutException) { }
        }
        var view = await hubOne.Connection.InvokeAsync<MatchView>("JoinMatch", matchId, TestContext.Current.CancellationToken);
        var survivor = await cluster.SiloOfAsync(match);

        Assert.NotSame(matchSilo, survivor); // the match now lives on the other silo
        Assert.NotNull(pushed);
        Assert.Equal(turn, view.TurnNumber);
        Assert.Equal(shots.Count, view.Boards.Sum(b => b.Misses.Count + b.Hits.Count)); // every acknowledged shot survived
        Assert.Equal(MatchStatus.InProgress, view.Status);
    }
}
