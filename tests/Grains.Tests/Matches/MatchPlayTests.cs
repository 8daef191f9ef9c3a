using Battleship.Db.Ratings;
using Battleship.Engine;

namespace Battleship.Grains.Tests.Matches;

public class MatchPlayTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    [Fact]
    public async Task FullMatch_IsPlayedToTheWin_ThenArchivedAndRated()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 1);

        var results = await driver.PlayToTheEndAsync();

        var last = results[^1];
        Assert.Equal(ShotOutcome.Win, last.Shot.Outcome);
        Assert.Equal(0, last.Shot.Player);
        Assert.Equal(MatchStatus.Finished, last.Status);
        Assert.Null(last.NextPlayer);
        Assert.Equal(17, results.Count(r => r.Shot.Player == 0 && r.Shot.Outcome != ShotOutcome.Miss));
        Assert.Equal(Enumerable.Range(1, results.Count), results.Select(r => r.TurnNumber));
        var view = await driver.Match.GetViewAsync(driver.Two.Id);
        Assert.Equal(0, view.Winner);
        Assert.Equal(EndReason.Win, view.EndReason);
        var archived = await Fixture.Archive.GetMatchAsync(driver.Id, TestContext.Current.CancellationToken);
        Assert.Equal(results.Select(r => (int?)r.Shot.Cell), archived!.Moves.Select(m => m.Cell));
        Assert.Equal(0, archived.Match.Winner);
        var ratings = await Fixture.Archive.GetRatingHistoryAsync(
            ParticipantRef.User(driver.One.Id),
            1,
            10,
            TestContext.Current.CancellationToken
        );
        Assert.Equal(driver.Id, Assert.Single(ratings.Items).MatchId);
        // Both players newcomers: rated by Glicko-2 (τ 0.5) from 1500/350/0.06, in the archive transaction.
        var initial = Glicko2Rating.Initial;
        var won = Glicko2.Default.Rate(initial, initial, 1);
        Assert.Equal(new Db.Archive.GlickoRating(initial.Rating, initial.Deviation, initial.Volatility), ratings.Items[0].Before);
        Assert.Equal(new Db.Archive.GlickoRating(won.Rating, won.Deviation, won.Volatility), ratings.Items[0].After);
        var winner = await Fixture.Archive.GetRatingAsync(ParticipantRef.User(driver.One.Id), TestContext.Current.CancellationToken);
        var loser = await Fixture.Archive.GetRatingAsync(ParticipantRef.User(driver.Two.Id), TestContext.Current.CancellationToken);
        Assert.Equal((1, 1, 0, 1), (winner!.Games, winner.Wins, winner.Losses, winner.CurrentStreak));
        Assert.Equal((1, 0, 1, -1), (loser!.Games, loser.Wins, loser.Losses, loser.CurrentStreak));
        var profile = await Fixture.Grains.GetGrain<IUserGrain>(driver.One.Id).GetProfileAsync();
        Assert.Empty(profile.ActiveMatches);
    }

    [Fact]
    public async Task Turns_AlternateAfterEveryShot()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 2);

        var first = await driver.Match.FireAsync(driver.One.Id, 0, 0);
        var second = await driver.Match.FireAsync(driver.Two.Id, 0, 1);

        Assert.Equal(1, first.NextPlayer);
        Assert.Equal(0, second.NextPlayer);
    }

    [Fact]
    public async Task Fire_Duplicate_ReturnsTheFirstResult_AndChangesNothing()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 3);
        var original = await driver.Match.FireAsync(driver.One.Id, 44, 0);

        var repeat = await driver.Match.FireAsync(driver.One.Id, 44, 0);

        Assert.False(original.Duplicate);
        Assert.True(repeat.Duplicate);
        Assert.Equal(original.Shot, repeat.Shot);
        Assert.Equal(original.TurnNumber, repeat.TurnNumber);
        Assert.Equal(original.NextPlayer, repeat.NextPlayer);
        Assert.Equal(1, (await driver.Match.GetViewAsync(driver.One.Id)).TurnNumber);
    }

    public static TheoryData<string, ErrorCode> MoveErrors =>
        new()
        {
            { "out of turn", ErrorCode.NotYourTurn },
            { "repeated cell", ErrorCode.AlreadyFired },
            { "off the board", ErrorCode.OutOfBounds },
            { "not a member", ErrorCode.NotAMember },
            { "stale turn", ErrorCode.StaleTurn },
            { "future turn", ErrorCode.StaleTurn },
        };

    [Theory]
    [MemberData(nameof(MoveErrors))]
    public async Task Fire_Invalid_IsATypedError_AndChangesNothing(string move, ErrorCode expected)
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 4);
        await driver.Match.FireAsync(driver.One.Id, 10, 0);
        await driver.Match.FireAsync(driver.Two.Id, 10, 1);
        var stranger = await Fixture.NewUserAsync();
        var before = await driver.Match.GetReplayAsync(driver.One.Id);

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            move switch
            {
                "out of turn" => driver.Match.FireAsync(driver.Two.Id, 20, 2),
                "repeated cell" => driver.Match.FireAsync(driver.One.Id, 10, 2),
                "off the board" => driver.Match.FireAsync(driver.One.Id, 100, 2),
                "not a member" => driver.Match.FireAsync(stranger.Id, 20, 2),
                "stale turn" => driver.Match.FireAsync(driver.One.Id, 20, 1),
                _ => driver.Match.FireAsync(driver.One.Id, 20, 7),
            }
        );

        Assert.Equal(expected, error.Code);
        var after = await driver.Match.GetReplayAsync(driver.One.Id);
        Assert.Equal(before.Moves, after.Moves);
    }

    [Fact]
    public async Task Fire_BeforeBothFleetsArePlaced_IsFleetsNotPlaced()
    {
        var driver = await MatchDriver.StartAsync(Fixture, seed: 5);
        await driver.Match.PlaceFleetAsync(driver.One.Id, driver.FleetOne.ToPlacements());

        var error = await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.FireAsync(driver.One.Id, 0, 0));

        Assert.Equal(ErrorCode.FleetsNotPlaced, error.Code);
    }

    [Fact]
    public async Task Fire_AfterTheEnd_IsGameOver()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 6);
        await driver.Match.ResignAsync(driver.Two.Id);

        var error = await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.FireAsync(driver.One.Id, 0, 1));

        Assert.Equal(ErrorCode.GameOver, error.Code);
    }

    [Fact]
    public async Task PlaceFleet_Invalid_IsInvalidPlacement_AndTwiceIsFleetAlreadyPlaced()
    {
        var driver = await MatchDriver.StartAsync(Fixture, seed: 7);
        IReadOnlyList<FleetPlacement> overlapping =
        [
            new(ShipType.Carrier, 0, 0, Orientation.Horizontal),
            new(ShipType.Battleship, 0, 0, Orientation.Vertical),
            new(ShipType.Cruiser, 2, 0, Orientation.Horizontal),
            new(ShipType.Submarine, 4, 0, Orientation.Horizontal),
            new(ShipType.Destroyer, 6, 0, Orientation.Horizontal),
        ];

        var invalid = await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.PlaceFleetAsync(driver.One.Id, overlapping));
        var view = await driver.Match.PlaceFleetAsync(driver.One.Id, null);
        var twice = await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.PlaceFleetAsync(driver.One.Id, null));

        Assert.Equal(ErrorCode.InvalidPlacement, invalid.Code);
        Assert.Contains("overlaps", invalid.Message, StringComparison.Ordinal);
        Assert.True(view.Boards[0].FleetPlaced);
        Assert.Equal(17, view.Boards[0].Ships!.Sum(s => s.Cells.Count));
        Assert.Equal(ErrorCode.FleetAlreadyPlaced, twice.Code);
    }

    [Fact]
    public async Task Resign_EndsTheMatch_ForTheOpponent()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 8);

        var view = await driver.Match.ResignAsync(driver.One.Id);

        Assert.Equal(MatchStatus.Finished, view.Status);
        Assert.Equal(1, view.Winner);
        Assert.Equal(EndReason.Resign, view.EndReason);
    }

    [Fact]
    public async Task TurnClock_RunningOut_ForfeitsThePlayerToMove()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 9, turnTimeout: TimeSpan.FromSeconds(30));
        await using var events = await MatchEvents.SubscribeAsync(Fixture, driver.Match);
        var firedAt = Fixture.Time.GetUtcNow();
        await driver.Match.FireAsync(driver.One.Id, 0, 0);
        var deadline = (await driver.Match.GetViewAsync(driver.Two.Id)).TurnDeadline;

        Fixture.Time.Advance(TimeSpan.FromSeconds(29));
        var stillPlaying = await driver.Match.GetViewAsync(driver.Two.Id);
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var ended = await events.NextAsync<MatchEndedEvent>();

        Assert.Equal(firedAt + TimeSpan.FromSeconds(30), deadline);
        Assert.Equal(MatchStatus.InProgress, stillPlaying.Status);
        Assert.Equal(0, ended.Winner);
        Assert.Equal(EndReason.Timeout, ended.Reason);
        var view = await driver.Match.GetViewAsync(driver.One.Id);
        Assert.Equal((MatchStatus.Finished, EndReason.Timeout), (view.Status, view.EndReason));
    }

    [Fact]
    public async Task Chat_IsLengthLimited_AndLimitedToMembers()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 10);
        var stranger = await Fixture.NewUserAsync();

        var message = await driver.Match.PostChatAsync(driver.One, "  good luck  ");
        var tooLong = await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.PostChatAsync(driver.One, new string('a', 201)));
        var outsider = await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.PostChatAsync(stranger, "hello"));

        Assert.Equal("good luck", message.Text);
        Assert.Equal(1, message.Number);
        Assert.Equal(ErrorCode.Validation, tooLong.Code);
        Assert.Equal(ErrorCode.NotAMember, outsider.Code);
        Assert.Equal(["good luck"], (await driver.Match.GetViewAsync(driver.Two.Id)).Chat.Select(c => c.Text));
    }

    [Fact]
    public async Task Replay_AfterTheEnd_RebuildsTheGameExactly()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 11);
        var results = await driver.PlayToTheEndAsync();
        var stranger = await Fixture.NewUserAsync();

        var replay = await driver.Match.GetReplayAsync(stranger.Id);

        var fleets = replay.Fleets.Select(f => FleetLayout.Create(GameRules.Standard, f!.Select(s => ShipFromCells(s)))).ToList();
        var record = new GameRecord(
            GameRules.Standard,
            fleets[0],
            fleets[1],
            Player.One,
            [.. replay.Moves.Select(m => new Move(m.Number, (Player)m.Player, m.Kind, m.Shot!.Cell, m.Shot.Outcome, m.Shot.SunkShip))]
        );
        var game = BattleshipGame.Replay(record);
        Assert.Equal(GamePhase.Finished, game.Phase);
        Assert.Equal(Player.One, game.Winner);
        Assert.Equal(results.Select(r => r.Shot.Cell), replay.Moves.Select(m => m.Shot!.Cell));
    }

    private static ShipPlacement ShipFromCells(ShipView ship)
    {
        var first = ship.Cells.Min();
        var horizontal = ship.Cells.Count == 1 || ship.Cells.Contains(first + 1);
        return new ShipPlacement(ship.Type, first / 10, first % 10, horizontal ? Orientation.Horizontal : Orientation.Vertical);
    }
}
