namespace Battleship.Engine.Tests.Rules;

public sealed class ReplayTests
{
    private static (BattleshipGame Game, List<GameSnapshot> After) PlayWithSnapshots(GameRules rules, ulong seed)
    {
        var after = new List<GameSnapshot>();
        var game = SeededGames.Start(rules, seed);
        after.Add(GameSnapshot.Of(game));
        var played = SeededGames.Play(rules, seed, afterMove: (g, _) => after.Add(GameSnapshot.Of(g)));
        return (played, after);
    }

    private static GameRecord WithMove(GameRecord record, int index, Func<Move, Move> change)
    {
        var moves = record.Moves.ToArray();
        moves[index] = change(moves[index]);
        return record with { Moves = moves };
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Replay_OfAFinishedGame_ReproducesTheStateAndLog(ulong seed)
    {
        // Arrange
        var game = SeededGames.Play(GameRules.Standard, seed);
        var record = game.ToRecord();

        // Act
        var replayed = BattleshipGame.Replay(record);

        // Assert
        Assert.Equal(GamePhase.Finished, replayed.Phase);
        Assert.Equal(game.Moves, replayed.Moves);
        GameSnapshot.AssertSame(GameSnapshot.Of(game), GameSnapshot.Of(replayed));
    }

    [Fact]
    public void Replay_HitKeepsTurnGame_ReproducesTheStateAndLog()
    {
        // Arrange
        var game = SeededGames.Play(TestBoards.HitKeepsTurn, seed: 4, firstPlayer: Player.Two);

        // Act
        var replayed = BattleshipGame.Replay(game.ToRecord());

        // Assert
        GameSnapshot.AssertSame(GameSnapshot.Of(game), GameSnapshot.Of(replayed));
    }

    [Fact]
    public void Replay_FirstKMoves_GivesTheStateAfterMoveK()
    {
        // Arrange
        var (game, after) = PlayWithSnapshots(GameRules.Standard, seed: 5);
        var record = game.ToRecord();

        for (var k = 0; k <= record.Moves.Count; k++)
        {
            // Act
            var replayed = BattleshipGame.Replay(record, k);

            // Assert
            GameSnapshot.AssertSame(after[k], GameSnapshot.Of(replayed));
        }
        Assert.Equal(record.Moves.Count + 1, after.Count);
    }

    [Fact]
    public void Replay_OfAnUnfinishedGame_ContinuesLikeTheOriginal()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Fire(Player.One, 98);
        game.Fire(Player.Two, 77);
        var replayed = BattleshipGame.Replay(game.ToRecord());

        // Act
        var original = game.Fire(Player.One, 99);
        var copy = replayed.Fire(Player.One, 99);

        // Assert
        Assert.Equal(original, copy);
        GameSnapshot.AssertSame(GameSnapshot.Of(game), GameSnapshot.Of(replayed));
    }

    [Fact]
    public void Replay_WithResignation_ReproducesTheEnd()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Fire(Player.One, 0);
        game.Resign(Player.Two);

        // Act
        var replayed = BattleshipGame.Replay(game.ToRecord());

        // Assert
        Assert.Equal(Player.One, replayed.Winner);
        GameSnapshot.AssertSame(GameSnapshot.Of(game), GameSnapshot.Of(replayed));
    }

    [Fact]
    public void ToRecord_HoldsRulesFleetsFirstPlayerAndACopyOfTheLog()
    {
        // Arrange
        var game = TestBoards.StartedGame(firstPlayer: Player.Two);
        game.Fire(Player.Two, 5);

        // Act
        var record = game.ToRecord();
        game.Fire(Player.One, 6);

        // Assert
        Assert.Same(GameRules.Standard, record.Rules);
        Assert.Same(game.FleetOf(Player.One), record.FleetOne);
        Assert.Same(game.FleetOf(Player.Two), record.FleetTwo);
        Assert.Equal(Player.Two, record.FirstPlayer);
        Assert.Single(record.Moves);
    }

    [Fact]
    public void ToRecord_BeforeBothFleetsArePlaced_Throws()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);
        game.PlaceFleet(Player.One, TestBoards.StandardLayout());

        // Act and Assert
        Assert.Throws<InvalidOperationException>(game.ToRecord);
    }

    [Fact]
    public void Replay_TamperedOutcome_Throws()
    {
        // Arrange: turn the first miss into a hit.
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();
        var index = record.Moves.ToList().FindIndex(m => m.Outcome == ShotOutcome.Miss);
        var tampered = WithMove(record, index, m => m with { Outcome = ShotOutcome.Hit });

        // Act and Assert
        var e = Assert.Throws<InvalidOperationException>(() => BattleshipGame.Replay(tampered));
        Assert.StartsWith($"Move {index + 1} does not replay", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_TamperedSunkShip_Throws()
    {
        // Arrange
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();
        var index = record.Moves.ToList().FindIndex(m => m.Outcome == ShotOutcome.Sunk);
        var tampered = WithMove(
            record,
            index,
            m => m with { SunkShip = m.SunkShip == ShipType.Carrier ? ShipType.Destroyer : ShipType.Carrier }
        );

        // Act and Assert
        Assert.Throws<InvalidOperationException>(() => BattleshipGame.Replay(tampered));
    }

    [Fact]
    public void Replay_TamperedPlayer_Throws()
    {
        // Arrange: move 2 claimed by Player One, who moved first (alternating turns).
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();
        var tampered = WithMove(record, 1, m => m with { Player = Player.One });

        // Act and Assert
        Assert.Throws<InvalidOperationException>(() => BattleshipGame.Replay(tampered));
    }

    [Fact]
    public void Replay_TamperedMoveNumber_Throws()
    {
        // Arrange
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();
        var tampered = WithMove(record, 3, m => m with { Number = 40 });

        // Act and Assert
        Assert.Throws<InvalidOperationException>(() => BattleshipGame.Replay(tampered));
    }

    [Fact]
    public void Replay_RepeatedShot_Throws()
    {
        // Arrange: Player One's second shot repeats the first.
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();
        var tampered = WithMove(record, 2, m => m with { Cell = record.Moves[0].Cell });

        // Act and Assert
        Assert.Throws<InvalidOperationException>(() => BattleshipGame.Replay(tampered));
    }

    [Fact]
    public void Replay_MoveAfterTheEnd_Throws()
    {
        // Arrange
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();
        var winner = record.Moves[^1].Player;
        var tampered = record with
        {
            Moves = [.. record.Moves, new Move(record.Moves.Count + 1, winner.Opponent(), MoveKind.Resign, -1, ShotOutcome.Miss, null)],
        };

        // Act and Assert
        Assert.Throws<InvalidOperationException>(() => BattleshipGame.Replay(tampered));
    }

    [Fact]
    public void Replay_ResignationWithACell_Throws()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Resign(Player.One);
        var tampered = WithMove(game.ToRecord(), 0, m => m with { Cell = 12 });

        // Act and Assert
        Assert.Throws<InvalidOperationException>(() => BattleshipGame.Replay(tampered));
    }

    [Fact]
    public void Replay_TamperedRecordUpToTheChange_StillReplays()
    {
        // Arrange
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();
        var tampered = WithMove(record, 10, m => m with { Outcome = ShotOutcome.Win });

        // Act
        var partial = BattleshipGame.Replay(tampered, 10);

        // Assert
        Assert.Equal(10, partial.TurnNumber);
        Assert.Equal(record.Moves.Take(10), partial.Moves);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public void Replay_MoveCountOutOfRange_Throws(int moveCount)
    {
        // Arrange
        var record = SeededGames.Play(GameRules.Standard, seed: 6).ToRecord();

        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => BattleshipGame.Replay(record, moveCount));
    }

    [Fact]
    public void Replay_Null_Throws()
    {
        // Act and Assert
        Assert.Throws<ArgumentNullException>(() => BattleshipGame.Replay(null!));
    }
}
