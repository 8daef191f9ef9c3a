using System.Text.Json;
using Battleship.Engine;
using Battleship.Engine.Policies;

namespace Battleship.Gateway.Tests.Rest;

/// <summary>
/// <c>GET /api/matches/{id}/analysis?move=N</c> without a trainer silo: the density agent's view of
/// a finished match's moves; never during a match, for anyone.
/// </summary>
public sealed class MatchAnalysisApiTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Fact]
    public async Task Analysis_OfAFinishedMatch_IsTheDensityAgentsView_OfWhatTheShooterKnew()
    {
        var (player, match) = await FinishedAsync();
        var stranger = await Gateway.SignInAsync("Analyst");
        var replay = await stranger.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay");

        for (var move = 0; move < replay.Moves.Count; move++)
        {
            var analysis = await stranger.GetOkAsync<MoveAnalysis>($"/api/matches/{match}/analysis?move={move}");
            var played = replay.Moves[move];
            var fired = replay
                .Moves.Take(move)
                .Where(m => m.Player == played.Player && m.Shot is not null)
                .Select(m => m.Shot!.Cell)
                .ToList();

            Assert.Equal(
                (match, move, played.Player, played.Kind, played.Shot?.Cell),
                (analysis.MatchId, analysis.Move, analysis.Shooter, analysis.Kind, analysis.FiredCell)
            );
            Assert.Equal(AnalysisSources.Density, analysis.Source);
            Assert.Equal(Rules.Cells, analysis.HitProbabilities.Count);
            Assert.All(analysis.HitProbabilities, p => Assert.InRange(p, 0f, 1f));
            Assert.All(fired, c => Assert.Equal(0f, analysis.HitProbabilities[c]));
            Assert.DoesNotContain(analysis.SuggestedCell, fired);
            // The same numbers as the density agent's, computed here from the shooter's shots alone.
            var expected = new float[Rules.Cells];
            ProbabilityDensityPolicy.HitProbabilities(KnowledgeOf(replay, move), expected);
            Assert.Equal(expected.Select(p => MathF.Round(p, 3)), analysis.HitProbabilities);
        }
        Assert.Equal(MoveKind.Resign, replay.Moves[^1].Kind);
        Assert.Equal(player.UserId, replay.Players[0].Id);
    }

    [Fact]
    public async Task Analysis_HoldsNothingButTheMoveAndTheAgentsView()
    {
        var (player, match) = await FinishedAsync();

        var response = await player.GetAsync($"/api/matches/{match}/analysis?move=0");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["matchId", "move", "shooter", "kind", "firedCell", "hitProbabilities", "suggestedCell", "source"],
            body.RootElement.EnumerateObject().Select(p => p.Name)
        );
    }

    [Fact]
    public async Task Analysis_DuringTheMatch_Is409ForPlayersSpectatorsAndStrangers_AndRevealsNothing()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var guest = await Gateway.SignInAsync("Guest");
        var watcher = await Gateway.SignInAsync("Watcher");
        var stranger = await Gateway.SignInAsync("Stranger");
        var room = await owner.CreateRoomAsync("Study");
        await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join");
        await watcher.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join", new { asSpectator = true });
        await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        var match = (await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready")).MatchId!.Value;
        Session[] everyone = [owner, guest, watcher, stranger];

        var placing = await AskAllAsync(everyone, match, move: 0);
        await owner.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(21) });
        await guest.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(22) });
        for (var shot = 0; shot < 4; shot++)
        {
            var view = await owner.GetOkAsync<MatchView>($"/api/matches/{match}");
            var shooter = view.Players[view.CurrentPlayer!.Value].Id == owner.UserId ? owner : guest;
            await shooter.PostOkAsync<FireResult>(
                $"/api/matches/{match}/fire",
                new { cell = 40 + shot / 2, expectedTurn = view.TurnNumber }
            );
        }
        var playing = await AskAllAsync(everyone, match, move: 2);
        var watched = await watcher.GetOkAsync<MatchView>($"/api/matches/{match}");

        Assert.Equal(MatchStatus.InProgress, watched.Status);
        Assert.Equal(ViewerRole.Spectator, watched.Role);
        foreach (var (status, code, body) in placing.Concat(playing))
        {
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal("MatchNotFinished", code);
            Assert.DoesNotContain("hitProbabilities", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("suggestedCell", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("?move=-1")]
    [InlineData("?move=999")]
    [InlineData("?move=two")]
    [InlineData("")]
    public async Task Analysis_OfAMoveTheMatchDoesNotHave_Is400(string query)
    {
        var (player, match) = await FinishedAsync();

        var response = await player.GetAsync($"/api/matches/{match}/analysis{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    /// <summary>A match against the random agent: eight shots each (seat 0 first), then seat 0 resigns.</summary>
    private async Task<(Session Player, Guid Match)> FinishedAsync()
    {
        var player = await Gateway.SignInAsync("Student");
        var match = (await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Random })).MatchId;
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(31) });
        foreach (var cell in new[] { 0, 11, 22, 33, 44, 55, 66, 77 })
        {
            // The built-in agent answers in the same turn, so the caller is on turn again at once.
            var view = await player.GetOkAsync<MatchView>($"/api/matches/{match}");
            if (view.Status != MatchStatus.InProgress)
            {
                break;
            }
            await player.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell, expectedTurn = view.TurnNumber });
        }
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/resign");
        return (player, match);
    }

    private static async Task<List<(HttpStatusCode Status, string? Code, string Body)>> AskAllAsync(
        Session[] sessions,
        Guid match,
        int move
    )
    {
        var answers = new List<(HttpStatusCode, string?, string)>();
        foreach (var session in sessions)
        {
            var response = await session.GetAsync($"/api/matches/{match}/analysis?move={move}");
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            answers.Add((response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString(), body));
        }
        return answers;
    }

    /// <summary>What move <paramref name="move"/>'s player knew before it, from the public replay alone.</summary>
    private static TargetView KnowledgeOf(MatchReplay replay, int move)
    {
        var shooter = replay.Moves[move].Player;
        var (shots, hits, sunk, afloat) = (UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111u);
        foreach (var shot in replay.Moves.Take(move).Where(m => m.Player == shooter).Select(m => m.Shot).OfType<ShotView>())
        {
            shots |= Bitboard.Bit(shot.Cell);
            hits |= shot.Outcome == ShotOutcome.Miss ? UInt128.Zero : Bitboard.Bit(shot.Cell);
            if (shot.SunkShip is { } ship)
            {
                afloat &= ~(1u << Rules.FleetIndexOf(ship));
                sunk = shot.SunkCells!.Aggregate(sunk, (s, c) => s | Bitboard.Bit(c));
            }
        }
        return new TargetView(Rules, shots, hits, sunk, afloat);
    }
}

/// <summary>The analysis with a trainer silo up: the shipped policy answers (here the <see cref="ScriptedTrainer"/>'s).</summary>
public sealed class MatchAnalysisWithTrainerApiTests(TrainerGatewayFixture fixture) : IClassFixture<TrainerGatewayFixture>
{
    private readonly GatewayFactory _gateway = fixture.Gateway;

    [Fact]
    public async Task Analysis_WithATrainerSilo_IsTheDqnPolicys()
    {
        var player = await _gateway.SignInAsync("Student");
        var match = (await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Random })).MatchId;
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(41) });
        var turn = (await player.GetOkAsync<MatchView>($"/api/matches/{match}")).TurnNumber;
        await player.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell = 0, expectedTurn = turn });
        await player.PostOkAsync<MatchView>($"/api/matches/{match}/resign");

        var analysis = await player.GetOkAsync<MoveAnalysis>($"/api/matches/{match}/analysis?move=2");
        var again = await player.GetOkAsync<MoveAnalysis>($"/api/matches/{match}/analysis?move=2");

        // Seat 0 fired at cell 0 (move 0) and resigns at move 2: the scripted policy's first open cell is 1.
        Assert.Equal((0, MoveKind.Resign, (int?)null), (analysis.Shooter, analysis.Kind, analysis.FiredCell));
        Assert.Equal(AnalysisSources.Dqn, analysis.Source);
        Assert.Equal(1, analysis.SuggestedCell);
        Assert.Equal(0f, analysis.HitProbabilities[0]);
        Assert.Equal(0.75f, analysis.HitProbabilities[1]);
        Assert.All(analysis.HitProbabilities.Skip(2), p => Assert.Equal(0.5f, p));
        Assert.Equal(analysis.HitProbabilities, again.HitProbabilities);
    }
}
