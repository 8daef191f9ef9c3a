using System.Text.Json.Nodes;
using Battleship.Engine;

namespace Battleship.Gateway.Tests.Rest;

public sealed class MatchesApiTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task CreateMatch_VersusBuiltInAgent_Is201WithTheAgentsFleetPlaced()
    {
        var player = await Gateway.SignInAsync("Challenger");

        var response = await player.PostAsync("/api/matches", new { agentId = BuiltInAgents.Density });
        var view = await response.ReadAsync<MatchView>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/matches/{view.MatchId}", response.Headers.Location?.OriginalString);
        Assert.Equal(MatchStatus.Placing, view.Status);
        Assert.Equal(ViewerRole.PlayerOne, view.Role);
        Assert.Equal([ParticipantKind.User, ParticipantKind.Agent], view.Players.Select(p => p.Kind));
        Assert.Equal([false, true], view.Boards.Select(b => b.FleetPlaced));
        Assert.Null(view.Boards[1].Ships); // the agent's ships stay hidden
    }

    [Fact]
    public async Task CreateMatch_SentAgainWithItsIdempotencyKey_AnswersTheSameMatch()
    {
        var player = await Gateway.SignInAsync("Challenger");
        var key = Guid.NewGuid().ToString();

        var first = await player.PostOnceAsync("/api/matches", key, new { agentId = BuiltInAgents.Density });
        var again = await player.PostOnceAsync("/api/matches", key, new { agentId = BuiltInAgents.Density });
        var fresh = await player.PostOnceAsync("/api/matches", Guid.NewGuid().ToString(), new { agentId = BuiltInAgents.Density });

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var match = (await first.ReadAsync<MatchView>()).MatchId;
        Assert.Equal(match, (await again.ReadAsync<MatchView>()).MatchId);
        Assert.NotEqual(match, (await fresh.ReadAsync<MatchView>()).MatchId);
    }

    [Fact]
    public async Task CreateMatch_NoAgent_Is400()
    {
        var player = await Gateway.SignInAsync("Challenger");

        var response = await player.PostAsync("/api/matches", new { });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(86_401)]
    public async Task CreateMatch_TurnSecondsOutOfRange_Is400(int turnSeconds)
    {
        var player = await Gateway.SignInAsync("Challenger");

        var response = await player.PostAsync("/api/matches", new { agentId = BuiltInAgents.Density, turnSeconds });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(120, 120)]
    [InlineData(null, 60)]
    public async Task CreateMatch_TimeControl_IsInTheView_AndUntimedHasNoDeadline(int? turnSeconds, int shown)
    {
        var player = await Gateway.SignInAsync("Challenger");

        var match = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Random, turnSeconds });
        var placed = await player.PostOkAsync<MatchView>($"/api/matches/{match.MatchId}/place", new { random = true });

        Assert.Equal(shown, match.TurnSeconds);
        Assert.Equal(shown, placed.TurnSeconds);
        Assert.Equal(shown == 0, placed.TurnDeadline is null); // the caller fires first
    }

    [Fact]
    public async Task CreateMatch_UnknownAgent_Is404()
    {
        var player = await Gateway.SignInAsync("Challenger");

        var response = await player.PostAsync("/api/matches", new { agentId = Guid.NewGuid() });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task PlaceFleet_Random_StartsPlayWithTheCallerToFire()
    {
        var (player, match) = await PlacingAsync("Placer");

        var view = await player.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { random = true });

        Assert.Equal(MatchStatus.InProgress, view.Status);
        Assert.Equal(0, view.CurrentPlayer);
        Assert.Equal(17, view.Boards[0].Ships!.Sum(s => s.Cells.Count)); // the caller sees their own fleet
        Assert.Null(view.Boards[1].Ships);
    }

    [Fact]
    public async Task PlaceFleet_Overlapping_Is400InvalidPlacement()
    {
        var (player, match) = await PlacingAsync("Placer");
        var stacked = GameRules.Standard.Fleet.Select(s => new FleetPlacement(s.Type, 0, 0, Orientation.Horizontal)).ToList();

        var response = await player.PostAsync($"/api/matches/{match}/place", new { placements = stacked });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidPlacement");
    }

    [Theory]
    [InlineData("place", "{}", HttpStatusCode.BadRequest, "Validation")] // neither a layout nor random
    [InlineData("fire", """{ "cell": 0, "expectedTurn": 0 }""", HttpStatusCode.Conflict, "FleetsNotPlaced")]
    public async Task PlaceOrFire_BeforeAnyFleetIsPlaced_IsRefused(string action, string body, HttpStatusCode status, string code)
    {
        var (player, match) = await PlacingAsync("Placer");

        var response = await player.PostAsync($"/api/matches/{match}/{action}", JsonNode.Parse(body));

        await response.AssertProblemAsync(status, code);
    }

    [Fact]
    public async Task PlaceFleet_Twice_Is409()
    {
        var (player, match) = await PlacingAsync("Placer");
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(1) });

        var response = await player.PostAsync($"/api/matches/{match}/place", new { random = true });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "FleetAlreadyPlaced");
    }

    [Fact]
    public async Task Fire_RowAndColumn_HitsThatCell()
    {
        var (player, match) = await InProgressAsync();

        var result = await player.PostOkAsync<FireResult>(
            $"/api/matches/{match}/fire",
            new
            {
                row = 3,
                column = 7,
                expectedTurn = 0,
            }
        );

        Assert.Equal(37, result.Shot.Cell);
        Assert.Equal(0, result.Shot.Player);
        Assert.False(result.Duplicate);
    }

    [Fact]
    public async Task Fire_Repeated_IsAnsweredIdempotently()
    {
        var (player, match) = await InProgressAsync();
        var first = await player.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell = 12, expectedTurn = 0 });

        var again = await player.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell = 12, expectedTurn = 0 });

        Assert.True(again.Duplicate);
        Assert.Equal(first.Shot, again.Shot);
    }

    [Theory]
    [InlineData("""{ "cell": 5, "expectedTurn": 7 }""", HttpStatusCode.Conflict, "StaleTurn")]
    [InlineData("""{ "row": 10, "column": 0, "expectedTurn": 0 }""", HttpStatusCode.BadRequest, "OutOfBounds")]
    [InlineData("""{ "row": 0, "column": -1, "expectedTurn": 0 }""", HttpStatusCode.BadRequest, "OutOfBounds")]
    [InlineData("""{ "cell": 100, "expectedTurn": 0 }""", HttpStatusCode.BadRequest, "OutOfBounds")]
    [InlineData("""{ "cell": 5 }""", HttpStatusCode.BadRequest, "Validation")] // no expected turn
    public async Task Fire_Refused_IsTheProblemOfItsCode(string shot, HttpStatusCode status, string code)
    {
        var (player, match) = await InProgressAsync();

        var response = await player.PostAsync($"/api/matches/{match}/fire", JsonNode.Parse(shot));

        await response.AssertProblemAsync(status, code);
    }

    [Theory]
    [InlineData("fire", """{ "cell": 5, "expectedTurn": 0 }""")]
    [InlineData("chat", """{ "text": "boo" }""")]
    public async Task FireOrChat_ByAStranger_Is403NotAMember(string action, string body)
    {
        var (_, match) = await InProgressAsync();
        var stranger = await Gateway.SignInAsync("Stranger");

        var response = await stranger.PostAsync($"/api/matches/{match}/{action}", JsonNode.Parse(body));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "NotAMember");
    }

    [Fact]
    public async Task Fire_OutOfTurn_Is409NotYourTurn()
    {
        var (one, two, match) = await PlacedRoomMatchAsync(seed: 11);

        var response = await two.PostAsync($"/api/matches/{match}/fire", new { cell = 0, expectedTurn = 0 });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "NotYourTurn");
    }

    [Fact]
    public async Task Fire_AtTheSameCellTwice_Is409AlreadyFired()
    {
        var (one, two, match) = await PlacedRoomMatchAsync(seed: 21);
        await one.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell = 44, expectedTurn = 0 });
        await two.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell = 44, expectedTurn = 1 });

        var response = await one.PostAsync($"/api/matches/{match}/fire", new { cell = 44, expectedTurn = 2 });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "AlreadyFired");
    }

    [Fact]
    public async Task GetMatch_Stranger_SeesNoShips()
    {
        var (_, match) = await InProgressAsync();
        var stranger = await Gateway.SignInAsync("Spectator");

        var view = await stranger.GetOkAsync<MatchView>($"/api/matches/{match}");

        Assert.Equal(ViewerRole.Spectator, view.Role);
        Assert.All(view.Boards, b => Assert.Null(b.Ships));
    }

    [Fact]
    public async Task Replay_DuringTheMatch_ShowsOnlyTheCallersFleet()
    {
        var (player, match) = await InProgressAsync();
        var stranger = await Gateway.SignInAsync("Snoop");

        var own = await player.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay");
        var others = await stranger.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay");

        Assert.NotNull(own.Fleets[0]);
        Assert.Null(own.Fleets[1]);
        Assert.All(others.Fleets, Assert.Null);
    }

    [Fact]
    public async Task Replay_DuringTheMatch_HasEveryMoveSoFarByTurnAndNoShipCellNotYetHit()
    {
        var (player, match) = await InProgressAsync();
        var stranger = await Gateway.SignInAsync("Lurker");
        int[] aims = [0, 1, 2, 3, 4, 10, 11, 12, 13, 14];
        foreach (var cell in aims)
        {
            var view = await player.GetOkAsync<MatchView>($"/api/matches/{match}");
            await player.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell, expectedTurn = view.TurnNumber });
        }
        var now = await player.GetOkAsync<MatchView>($"/api/matches/{match}");

        var own = await player.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay");
        var others = await stranger.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay");
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/resign");
        var fleets = (await player.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay")).Fleets;

        Assert.Equal(MatchStatus.InProgress, own.Status);
        Assert.Equal(Enumerable.Range(1, now.TurnNumber), own.Moves.Select(m => m.Number));
        Assert.All(own.Moves, m => Assert.Equal(m.Number, m.Shot!.TurnNumber));
        Assert.Equal(aims, own.Moves.Where(m => m.Player == 0).Select(m => m.Shot!.Cell));
        // By value: a sinking shot carries its ship's cells in a list, which records compare by reference.
        Assert.Equal(own.Moves.Select(Comparable), others.Moves.Select(Comparable));
        foreach (var replay in new[] { own, others })
        {
            for (var target = 0; target < 2; target++)
            {
                if (replay == own && target == 0)
                {
                    Assert.NotNull(replay.Fleets[0]); // the caller's own fleet
                    continue;
                }
                Assert.Null(replay.Fleets[target]);
                var shotAt = replay.Moves.Where(m => m.Player != target).Select(m => m.Shot!).ToList();
                var named = shotAt.SelectMany(s => s.SunkCells ?? []).Concat(shotAt.Select(s => s.Cell)).ToHashSet();
                var notHit = fleets[target]!.SelectMany(ship => ship.Cells).Except(shotAt.Select(s => s.Cell));
                Assert.Empty(named.Intersect(notHit));
            }
        }
    }

    [Fact]
    public async Task Resign_ThenReplay_ShowsBothFleetsToEveryone()
    {
        var (player, match) = await InProgressAsync();
        var stranger = await Gateway.SignInAsync("Historian");

        var ended = await player.PostOkAsync<MatchView>($"/api/matches/{match}/resign");
        var replay = await stranger.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay");

        Assert.Equal(MatchStatus.Finished, ended.Status);
        Assert.Equal(EndReason.Resign, ended.EndReason);
        Assert.Equal(1, ended.Winner);
        Assert.All(replay.Fleets, f => Assert.Equal(5, f!.Count));
        Assert.Equal(MoveKind.Resign, replay.Moves[^1].Kind);
    }

    [Fact]
    public async Task Resign_Twice_Is409GameOver()
    {
        var (player, match) = await InProgressAsync();
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/resign");

        var response = await player.PostAsync($"/api/matches/{match}/resign");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "GameOver");
    }

    [Fact]
    public async Task Chat_Player_IsPosted()
    {
        var (player, match) = await InProgressAsync();

        var line = await player.PostOkAsync<ChatMessage>($"/api/matches/{match}/chat", new { text = "good luck" });

        Assert.Equal("good luck", line.Text);
        Assert.Equal(player.UserId, line.From.Id);
    }

    [Fact]
    public async Task PlayVersusAgent_ToTheEnd_IsArchivedAndRated()
    {
        var player = await Gateway.SignInAsync("Finisher");
        var created = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Random });
        await using var watch = await MatchWatch.StartAsync(Fixture, created.MatchId);
        var view = await player.PostOkAsync<MatchView>($"/api/matches/{created.MatchId}/place", new { placements = Api.Fleet(5) });
        var cell = 0;

        // Fire along the board; whenever the agent has the turn, wait for its shot.
        while (view.Status == MatchStatus.InProgress)
        {
            var result = await player.PostOkAsync<FireResult>(
                $"/api/matches/{created.MatchId}/fire",
                new { cell = cell++, expectedTurn = view.TurnNumber }
            );
            if (result.NextPlayer == 1)
            {
                await watch.NextAsync<ShotFiredEvent>(e => e.Shot.Player == 1);
            }
            view = await player.GetOkAsync<MatchView>($"/api/matches/{created.MatchId}");
        }
        var history = await player.GetOkAsync<Page<MatchHistoryItemDto>>($"/api/users/{player.UserId}/matches");
        var me = await player.GetOkAsync<UserDto>($"/api/users/{player.UserId}");

        Assert.Equal(MatchStatus.Finished, view.Status);
        Assert.Equal(created.MatchId, Assert.Single(history.Items).Id);
        Assert.Equal(1, me.Games);
        Assert.Equal(1, me.Rating.Games);
    }

    /// <summary>A match against the random agent in which the caller has placed and fires first (turn 0).</summary>
    private async Task<(Session Player, Guid Match)> InProgressAsync()
    {
        var (player, match) = await PlacingAsync("Gunner");
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(3) });
        return (player, match);
    }

    /// <summary>A match of <paramref name="name"/>'s against the random agent, the caller's fleet not placed yet.</summary>
    private async Task<(Session Player, Guid Match)> PlacingAsync(string name)
    {
        var player = await Gateway.SignInAsync(name);
        var match = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Random });
        return (player, match.MatchId);
    }

    /// <summary>A match between "One" and "Two" through a room, both fleets placed (seeds <paramref name="seed"/> and the next); One fires first.</summary>
    private async Task<(Session One, Session Two, Guid Match)> PlacedRoomMatchAsync(ulong seed)
    {
        var (one, two, match) = await Gateway.StartRoomMatchAsync();
        await one.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(seed) });
        await two.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(seed + 1) });
        return (one, two, match);
    }

    public sealed record MatchHistoryItemDto(Guid Id, int? Winner, string EndReason, int MoveCount);

    public sealed record RatingDto(double Rating, double Deviation, int Games);

    public sealed record UserDto(Guid Id, string DisplayName, int Games, int Wins, RatingDto Rating);

    private static string Comparable(ReplayMove move) =>
        $"{move.Number} {move.Player} {move.Kind} {move.At:O} {move.Shot?.TurnNumber} {move.Shot?.Cell} {move.Shot?.Outcome} {move.Shot?.SunkShip} [{string.Join(",", move.Shot?.SunkCells ?? [])}]";
}
