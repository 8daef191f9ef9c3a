using Battleship.Engine;
using Battleship.Gateway.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Gateway.Tests.Realtime;

public sealed class MatchHubTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task TwoPlayers_PlayAWholeMatch_ThroughTheHub()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 100);

        var results = await duel.PlayToTheEndAsync();
        var endOne = await duel.HubOne.NextAsync<MatchEndedEvent>("MatchEnded");
        var endTwo = await duel.HubTwo.NextAsync<MatchEndedEvent>("MatchEnded");

        Assert.Equal(MatchStatus.Finished, results[^1].Status);
        Assert.Equal(ShotOutcome.Win, results[^1].Shot.Outcome);
        Assert.Equal(0, endOne.Winner);
        Assert.Equal(EndReason.Win, endTwo.Reason);
        Assert.Equal(duel.FleetTwo.Occupied, Occupied(endOne.Fleets[1]));
        Assert.Equal(results.Select(r => Key(r.Shot)), duel.HubTwo.Seen<ShotFiredEvent>("ShotFired").Select(e => Key(e.Shot)));
        Assert.Equal(results.Select(r => Key(r.Shot)), duel.HubOne.Seen<ShotFiredEvent>("ShotFired").Select(e => Key(e.Shot)));
        var lastView = await duel.HubTwo.NextAsync<MatchView>("ViewUpdated", v => v.Status == MatchStatus.Finished);
        Assert.Equal(ViewerRole.PlayerTwo, lastView.Role);
        Assert.Equal(0, lastView.Winner);
    }

    [Fact]
    public async Task Spectator_ReceivesEveryEvent_WithNoShipCellsBeforeTheEnd()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 200, placeFleets: false);
        var watcher = await Gateway.SignInAsync("Watcher");
        await using var spectator = await Gateway.ConnectMatchAsync(watcher);
        var joined = await spectator.Connection.InvokeAsync<MatchView>("JoinMatch", duel.Match, TestContext.Current.CancellationToken);
        await duel.PlaceFleetsAsync();

        var results = await duel.PlayToTheEndAsync();
        var end = await spectator.NextAsync<MatchEndedEvent>("MatchEnded");

        Assert.Equal(ViewerRole.Spectator, joined.Role);
        Assert.Equal([0, 1], spectator.Seen<FleetPlacedEvent>("FleetPlaced").Select(e => e.Player).Order());
        Assert.Single(spectator.Seen<MatchStartedEvent>("MatchStarted"));
        Assert.Equal(results.Select(r => Key(r.Shot)), spectator.Seen<ShotFiredEvent>("ShotFired").Select(e => Key(e.Shot)));
        Assert.Equal(0, end.Winner);
        var hits = results.Where(r => r.Shot.Outcome != ShotOutcome.Miss).Select(r => r.Shot.Cell).ToHashSet();
        foreach (var shot in spectator.Seen<ShotFiredEvent>("ShotFired").Select(e => e.Shot))
        {
            Assert.All(shot.SunkCells ?? [], c => Assert.Contains(c, hits)); // only cells already hit are ever named
        }
        var before = spectator.Seen<MatchView>("ViewUpdated").Where(v => v.Status != MatchStatus.Finished).ToList();
        Assert.NotEmpty(before);
        Assert.All(before, v => Assert.Equal(ViewerRole.Spectator, v.Role));
        Assert.All(before.SelectMany(v => v.Boards), b => Assert.Null(b.Ships));
        Assert.All(before.SelectMany(v => v.Boards).SelectMany(b => b.SunkShips).SelectMany(s => s.Cells), c => Assert.Contains(c, hits));
    }

    [Fact]
    public async Task Fire_OutOfTurn_IsRejectedWithItsCode_AndTheConnectionStaysOpen()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 300);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            duel.HubTwo.Connection.InvokeAsync<FireResult>("Fire", duel.Match, 0, 0, TestContext.Current.CancellationToken)
        );
        var view = await duel.HubTwo.Connection.InvokeAsync<MatchView>("JoinMatch", duel.Match, TestContext.Current.CancellationToken);

        Assert.Contains("HubException: NotYourTurn: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, duel.HubTwo.Connection.State);
        Assert.Equal(0, view.TurnNumber);
    }

    [Fact]
    public async Task Fire_ByASpectator_IsRejectedNotAMember()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 350);
        var watcher = await Gateway.SignInAsync("Kibitzer");
        await using var spectator = await Gateway.ConnectMatchAsync(watcher);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            spectator.Connection.InvokeAsync<FireResult>("Fire", duel.Match, 0, 0, TestContext.Current.CancellationToken)
        );

        Assert.Contains("HubException: NotAMember: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinMatch_Unknown_IsRejectedNotFound()
    {
        var user = await Gateway.SignInAsync("Lost");
        await using var hub = await Gateway.ConnectMatchAsync(user);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.Connection.InvokeAsync<MatchView>("JoinMatch", Guid.NewGuid(), TestContext.Current.CancellationToken)
        );

        Assert.Contains("HubException: NotFound: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }

    [Fact]
    public async Task Reconnect_JoinMatchAgain_GetsTheFullCurrentView()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 400);
        await duel.HubOne.Connection.StopAsync(TestContext.Current.CancellationToken);
        await duel.One.PostOkAsync<FireResult>($"/api/matches/{duel.Match}/fire", new { cell = 55, expectedTurn = 0 });

        await using var again = await Gateway.ConnectMatchAsync(duel.One);
        var view = await again.Connection.InvokeAsync<MatchView>("JoinMatch", duel.Match, TestContext.Current.CancellationToken);
        await duel.HubTwo.Connection.InvokeAsync<FireResult>("Fire", duel.Match, 66, 1, TestContext.Current.CancellationToken);
        var pushed = await again.NextAsync<ShotFiredEvent>("ShotFired", e => e.Shot.Player == 1);

        Assert.Equal(ViewerRole.PlayerOne, view.Role);
        Assert.Equal(1, view.TurnNumber);
        Assert.Equal(1, view.CurrentPlayer);
        Assert.Contains(55, view.Boards[1].Misses.Concat(view.Boards[1].Hits));
        Assert.Equal(17, view.Boards[0].Ships!.Sum(s => s.Cells.Count));
        Assert.Equal(66, pushed.Shot.Cell);
    }

    [Fact]
    public async Task Chat_ThroughTheHub_ReachesTheOtherPlayer()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 500);

        var line = await duel.HubOne.Connection.InvokeAsync<ChatMessage>(
            "Chat",
            duel.Match,
            "your move",
            TestContext.Current.CancellationToken
        );
        var pushed = await duel.HubTwo.NextAsync<ChatPostedEvent>("ChatPosted");

        Assert.Equal("your move", pushed.Message.Text);
        Assert.Equal(line.Number, pushed.Message.Number);
        Assert.Equal(duel.One.UserId, pushed.Message.From.Id);
    }

    [Fact]
    public async Task Chat_TooLong_IsRejectedValidation()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 550);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            duel.HubOne.Connection.InvokeAsync<ChatMessage>("Chat", duel.Match, new string('x', 201), TestContext.Current.CancellationToken)
        );

        Assert.Contains("HubException: Validation: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resign_ThroughTheHub_EndsTheMatchForBoth()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 600);

        var view = await duel.HubTwo.Connection.InvokeAsync<MatchView>("Resign", duel.Match, TestContext.Current.CancellationToken);
        var end = await duel.HubOne.NextAsync<MatchEndedEvent>("MatchEnded");

        Assert.Equal(MatchStatus.Finished, view.Status);
        Assert.Equal(0, end.Winner);
        Assert.Equal(EndReason.Resign, end.Reason);
    }

    [Fact]
    public async Task VersusAgent_ThroughTheHub_AgentRepliesArriveAsEvents()
    {
        var player = await Gateway.SignInAsync("Solo");
        var created = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Parity });
        await using var hub = await Gateway.ConnectMatchAsync(player, HttpTransportType.LongPolling);
        await hub.Connection.InvokeAsync<MatchView>("JoinMatch", created.MatchId, TestContext.Current.CancellationToken);
        var view = await hub.Connection.InvokeAsync<MatchView>("PlaceFleet", created.MatchId, null, TestContext.Current.CancellationToken);
        var cell = 0;

        while (view.Status == MatchStatus.InProgress)
        {
            var result = await hub.Connection.InvokeAsync<FireResult>(
                "Fire",
                created.MatchId,
                cell++,
                view.TurnNumber,
                TestContext.Current.CancellationToken
            );
            if (result.NextPlayer == 1)
            {
                await hub.NextAsync<ShotFiredEvent>("ShotFired", e => e.Shot.Player == 1 && e.TurnNumber > result.TurnNumber);
            }
            view = await hub.Connection.InvokeAsync<MatchView>("JoinMatch", created.MatchId, TestContext.Current.CancellationToken);
        }
        var end = await hub.NextAsync<MatchEndedEvent>("MatchEnded");

        Assert.Equal(MatchStatus.Finished, view.Status);
        Assert.Equal(view.Winner, end.Winner);
        Assert.All(view.Boards, b => Assert.NotNull(b.Ships)); // both fleets are shown after the end
    }

    [Fact]
    public async Task Players_SeeTheirOwnShipsInPushedViews_AndNeverTheOpponentsBeforeTheEnd()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 700);

        var results = await duel.PlayToTheEndAsync();

        foreach (
            var (hub, seat, fleet, opponentFleet) in new[]
            {
                (duel.HubOne, 0, duel.FleetOne, duel.FleetTwo),
                (duel.HubTwo, 1, duel.FleetTwo, duel.FleetOne),
            }
        )
        {
            await hub.NextAsync<MatchEndedEvent>("MatchEnded");
            await hub.NextAsync<MatchView>("ViewUpdated", v => v.Status == MatchStatus.Finished && v.Boards[1 - seat].Ships is not null);
            var views = hub.Seen<MatchView>("ViewUpdated");
            var found = results
                .Where(r => r.Shot.Player == seat && r.Shot.Outcome != ShotOutcome.Miss)
                .Select(r => r.Shot.Cell)
                .ToHashSet();
            var before = views.Where(v => v.Status != MatchStatus.Finished).ToList();
            // One view per event (two fleets placed, the start, every shot) and none twice; the end's view comes after.
            Assert.Equal(3 + results.Count - 1, before.Count);
            Assert.All(before, v => Assert.Equal((ViewerRole)seat, v.Role));
            Assert.All(before.Where(v => v.Boards[seat].FleetPlaced), v => Assert.Equal(fleet.Occupied, Occupied(v.Boards[seat].Ships!)));
            Assert.All(before, v => Assert.Null(v.Boards[1 - seat].Ships));
            Assert.All(before.SelectMany(v => v.Boards[1 - seat].SunkShips).SelectMany(s => s.Cells), c => Assert.Contains(c, found));
            Assert.Equal(opponentFleet.Occupied, Occupied(views[^1].Boards[1 - seat].Ships!)); // revealed at the end
        }
    }

    [Fact]
    public async Task JoinMatch_WhileMovesAreMade_EndsWithTheLatestView()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 800);
        var watcher = await Gateway.SignInAsync("Latecomer");
        var joiners = new List<(HubClient Hub, Task<MatchView> Joined)>();

        try
        {
            for (var i = 0; i < 16; i++)
            {
                var hub = await Gateway.ConnectMatchAsync(watcher);
                // The join races the shot and the pushes of the shots before it.
                var joined = hub.Connection.InvokeAsync<MatchView>("JoinMatch", duel.Match, TestContext.Current.CancellationToken);
                joiners.Add((hub, joined));
                await duel.MissAsync();
            }

            foreach (var (hub, joined) in joiners)
            {
                var answer = await joined;
                var latest =
                    answer.TurnNumber == duel.Turn
                        ? answer
                        : await hub.NextAsync<MatchView>("ViewUpdated", v => v.TurnNumber == duel.Turn, TimeSpan.FromSeconds(10));
                Assert.Equal(ViewerRole.Spectator, latest.Role);
                Assert.Equal(duel.Player, latest.CurrentPlayer);
                Assert.Equal(16, latest.Boards.Sum(b => b.Misses.Count));
                Assert.All(latest.Boards, b => Assert.Null(b.Ships));
            }
        }
        finally
        {
            foreach (var (hub, _) in joiners)
            {
                await hub.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task JoinMatch_AMoveBetweenTheGrainsAnswerAndTheGroups_IsInTheAnswer()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 850);
        // The latecomer's gateway follows nothing yet, and holds the latecomer out of its groups.
        await using var gated = Fixture.CreateGateway(services: GatedGroups.Install);
        var groups = gated.Services.GetRequiredService<GatedGroups>();
        var watcher = await gated.SignInAsync("Between");
        await using var late = await gated.ConnectMatchAsync(watcher);

        var held = groups.HoldNext();
        var pushed = groups.NextGroupSend("ViewUpdated");
        var joining = late.Connection.InvokeAsync<MatchView>("JoinMatch", duel.Match, TestContext.Current.CancellationToken);
        await held; // the grain has answered and subscribed this gateway; the latecomer is in no group
        var shot = await duel.MissAsync();
        await pushed; // this gateway pushed the shot's view, to groups without the latecomer
        groups.Release();
        var view = await joining;

        Assert.Equal(ViewerRole.Spectator, view.Role);
        Assert.Equal(shot.TurnNumber, view.TurnNumber);
        Assert.Contains(shot.Shot.Cell, view.Boards[1].Misses);
        Assert.Empty(late.Seen<ShotFiredEvent>("ShotFired"));
    }

    [Fact]
    public async Task AMatchThatMoved_IsFollowedAgainByTheGateway_WithoutWaitingForTheRenewal()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 600);
        // The match moves (here: it is deactivated, and only it: the Fixture is shared); its next
        // activation starts with no subscribers, and the old one told this gateway so.
        await Fixture.Cluster.DeactivateAsync(Fixture.Grains.GetGrain<Grains.IMatchGrain>(duel.Match));

        var shot = await duel.MissAsync(); // the gateway's new subscription is made before or after it: either way the opponent sees it
        var seen = await duel.HubTwo.NextAsync<MatchView>("ViewUpdated", v => v.TurnNumber == shot.TurnNumber);

        Assert.Equal(1, seen.CurrentPlayer);
        Assert.Equal(shot.Shot.Cell, seen.LastShot?.Cell);
    }

    [Fact]
    public async Task AMatchThatForgotThisGateway_IsCaughtUpByTheRenewal()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 601);
        var relay = Gateway.Services.GetRequiredService<MatchRelay>();
        // The match forgets this gateway without a word, as a new activation does after its silo died.
        await Fixture.Grains.GetGrain<Grains.IMatchGrain>(duel.Match).UnsubscribeAsync(relay.Reference!);

        var shot = await duel.MissAsync(); // accepted by the new activation, pushed to nobody
        _ = relay.RenewNowAsync(); // as when the cluster's silos change
        var caughtUp = await duel.HubTwo.NextAsync<MatchView>("ViewUpdated", v => v.TurnNumber == shot.TurnNumber);

        Assert.Equal(1, caughtUp.CurrentPlayer);
        Assert.Equal(shot.Shot.Cell, caughtUp.LastShot?.Cell);
        Assert.DoesNotContain(duel.HubTwo.Seen<ShotFiredEvent>("ShotFired"), e => e.Shot.TurnNumber == shot.Shot.TurnNumber);
    }

    [Fact]
    public async Task Fire_IsOneGrainCall_JoinMatchIsOne_AndPushesMakeNone()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 900);
        var watcher = await Gateway.SignInAsync("Counter");
        await using var spectator = await Gateway.ConnectMatchAsync(watcher);
        await spectator.Connection.InvokeAsync<MatchView>("JoinMatch", duel.Match, TestContext.Current.CancellationToken); // the connection learns who it is
        using var counter = new GrainCallCounter();

        await spectator.Connection.InvokeAsync<MatchView>("JoinMatch", duel.Match, TestContext.Current.CancellationToken);
        var afterJoin = counter.Calls;
        for (var i = 0; i < 10; i++)
        {
            await duel.MissAsync();
        }
        foreach (var hub in new[] { duel.HubOne, duel.HubTwo, spectator })
        {
            await hub.NextAsync<MatchView>("ViewUpdated", v => v.TurnNumber == duel.Turn); // every push has gone out
        }

        Assert.Equal(new Dictionary<string, int> { ["IMatchGrain.FollowAsync"] = 1 }, afterJoin);
        Assert.Equal(new Dictionary<string, int> { ["IMatchGrain.FollowAsync"] = 1, ["IMatchGrain.FireAsync"] = 10 }, counter.Calls);
    }

    [Fact]
    public async Task Relay_AnUpdateOlderThanOneItTook_IsNotPushed()
    {
        await using var duel = await Duel.StartAsync(Gateway, seed: 1000);
        await using var watch = await MatchWatch.StartAsync(Fixture, duel.Match);
        var relay = Gateway.Services.GetRequiredService<MatchRelay>();
        var first = await duel.MissAsync();
        var late = await watch.NextUpdateAsync<ShotFiredEvent>(e => e.TurnNumber == first.TurnNumber);
        var second = await duel.MissAsync();
        await duel.HubTwo.NextAsync<MatchView>("ViewUpdated", v => v.TurnNumber == second.TurnNumber);

        await relay.OnMatchUpdates([late]); // as if it had arrived after the second shot's
        var third = await duel.MissAsync();
        await duel.HubTwo.NextAsync<MatchView>("ViewUpdated", v => v.TurnNumber == third.TurnNumber);

        Assert.Equal([1, 2, 3], duel.HubTwo.Seen<ShotFiredEvent>("ShotFired").Select(e => e.TurnNumber));
        var turns = duel.HubTwo.Seen<MatchView>("ViewUpdated").Select(v => v.TurnNumber).ToList();
        Assert.Equal(turns.Order(), turns);
        Assert.Equal([1, 2, 3], turns.Where(t => t > 0));
    }

    [Fact]
    [Trait("Suite", "Auth")]
    public async Task Connect_WithoutToken_IsRefused()
    {
        await using var hub = HubClient.Create(
            Gateway,
            "/hubs/match",
            token: null,
            HubConnections.MatchMethods,
            HttpTransportType.LongPolling
        );

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.Connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    [Trait("Suite", "Auth")]
    public async Task Connect_WithExpiredTokenInQuery_IsRefused()
    {
        var expired = Tokens.Create(expires: DateTimeOffset.UtcNow.AddMinutes(-5));
        await using var hub = HubClient.Create(Gateway, "/hubs/match", expired, HubConnections.MatchMethods);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.Connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    /// <summary>A shot as comparable values (records compare their lists by reference).</summary>
    private static string Key(ShotView shot) =>
        $"{shot.TurnNumber}:{shot.Player}:{shot.Cell}:{shot.Outcome}:{shot.SunkShip}:{string.Join(',', shot.SunkCells ?? [])}";

    private static UInt128 Occupied(IReadOnlyList<ShipView> fleet) =>
        fleet.SelectMany(s => s.Cells).Aggregate(UInt128.Zero, (board, cell) => board | (UInt128.One << cell));

    /// <summary>Two users in a room match, each with a hub connection that joined it.</summary>
    private sealed class Duel : IAsyncDisposable
    {
        public required Session One { get; init; }

        public required Session Two { get; init; }

        public required Guid Match { get; init; }

        public required HubClient HubOne { get; init; }

        public required HubClient HubTwo { get; init; }

        public required FleetLayout FleetOne { get; init; }

        public required FleetLayout FleetTwo { get; init; }

        /// <summary>The turn the match is at after this duel's own shots (<see cref="MissAsync"/>).</summary>
        public int Turn { get; private set; }

        /// <summary>The player to fire next after this duel's own shots.</summary>
        public int Player { get; private set; }

        private Queue<int>[]? _water;

        public static async Task<Duel> StartAsync(GatewayFactory gateway, ulong seed, bool placeFleets = true)
        {
            var (one, two, match) = await gateway.StartRoomMatchAsync();
            var duel = new Duel
            {
                One = one,
                Two = two,
                Match = match,
                HubOne = await gateway.ConnectMatchAsync(one),
                HubTwo = await gateway.ConnectMatchAsync(two),
                FleetOne = FleetLayout.Random(GameRules.Standard, seed),
                FleetTwo = FleetLayout.Random(GameRules.Standard, seed + 1),
            };
            var viewOne = await duel.HubOne.Connection.InvokeAsync<MatchView>("JoinMatch", match, TestContext.Current.CancellationToken);
            var viewTwo = await duel.HubTwo.Connection.InvokeAsync<MatchView>("JoinMatch", match, TestContext.Current.CancellationToken);
            Assert.Equal(ViewerRole.PlayerOne, viewOne.Role);
            Assert.Equal(ViewerRole.PlayerTwo, viewTwo.Role);
            if (placeFleets)
            {
                await duel.PlaceFleetsAsync();
            }
            return duel;
        }

        public async Task PlaceFleetsAsync()
        {
            await HubOne.Connection.InvokeAsync<MatchView>(
                "PlaceFleet",
                Match,
                FleetOne.ToPlacements(),
                TestContext.Current.CancellationToken
            );
            var view = await HubTwo.Connection.InvokeAsync<MatchView>(
                "PlaceFleet",
                Match,
                FleetTwo.ToPlacements(),
                TestContext.Current.CancellationToken
            );
            Assert.Equal(MatchStatus.InProgress, view.Status);
            await HubOne.NextAsync<MatchStartedEvent>("MatchStarted");
            await HubTwo.NextAsync<MatchStartedEvent>("MatchStarted");
        }

        /// <summary>The player to move fires at water (so the turn passes), through their hub.</summary>
        public async Task<FireResult> MissAsync()
        {
            _water ??=
            [
                new(Enumerable.Range(0, GameRules.Standard.Cells).Where(c => !Bitboard.Contains(FleetTwo.Occupied, c))),
                new(Enumerable.Range(0, GameRules.Standard.Cells).Where(c => !Bitboard.Contains(FleetOne.Occupied, c))),
            ];
            var hub = Player == 0 ? HubOne : HubTwo;
            var result = await hub.Connection.InvokeAsync<FireResult>(
                "Fire",
                Match,
                _water[Player].Dequeue(),
                Turn,
                TestContext.Current.CancellationToken
            );
            (Turn, Player) = (result.TurnNumber, result.NextPlayer!.Value);
            return result;
        }

        /// <summary>Player one alternates a miss and three hits until it wins; player two only finds water.</summary>
        public async Task<List<FireResult>> PlayToTheEndAsync()
        {
            var cells = Enumerable.Range(0, GameRules.Standard.Cells).ToList();
            var hitsForOne = new Queue<int>(cells.Where(c => Bitboard.Contains(FleetTwo.Occupied, c)));
            var missesForOne = new Queue<int>(cells.Where(c => !Bitboard.Contains(FleetTwo.Occupied, c)));
            var missesForTwo = new Queue<int>(cells.Where(c => !Bitboard.Contains(FleetOne.Occupied, c)));
            var results = new List<FireResult>();
            var (turn, player) = (0, 0);
            while (true)
            {
                var cell =
                    player == 1 ? missesForTwo.Dequeue()
                    : results.Count % 4 == 0 ? missesForOne.Dequeue()
                    : hitsForOne.Dequeue();
                var hub = player == 0 ? HubOne : HubTwo;
                var result = await hub.Connection.InvokeAsync<FireResult>("Fire", Match, cell, turn, TestContext.Current.CancellationToken);
                results.Add(result);
                if (result.Status == MatchStatus.Finished)
                {
                    return results;
                }
                (turn, player) = (result.TurnNumber, result.NextPlayer!.Value);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await HubOne.DisposeAsync();
            await HubTwo.DisposeAsync();
        }
    }
}
