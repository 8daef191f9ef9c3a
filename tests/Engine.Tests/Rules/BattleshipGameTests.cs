namespace Battleship.Engine.Tests.Rules;

public sealed class BattleshipGameTests
{
    /// <summary>Asserts that a shot by <paramref name="player"/> at <paramref name="cell"/> is refused with <paramref name="expected"/> by both Fire and TryFire and changes nothing.</summary>
    private static void AssertRefused(BattleshipGame game, Player player, int cell, MoveError expected)
    {
        var before = GameSnapshot.Of(game);

        var e = Assert.Throws<InvalidMoveException>(() => game.Fire(player, cell));
        GameSnapshot.AssertSame(before, GameSnapshot.Of(game));
        var error = game.TryFire(player, cell, out var result);

        Assert.Equal(expected, e.Error);
        Assert.Equal(expected, error);
        Assert.Equal(default, result);
        GameSnapshot.AssertSame(before, GameSnapshot.Of(game));
    }

    /// <summary>Asserts that <paramref name="move"/> throws <paramref name="expected"/> and changes nothing in <paramref name="game"/>; returns the exception.</summary>
    private static InvalidMoveException AssertRefused(BattleshipGame game, Action move, MoveError expected)
    {
        var before = GameSnapshot.Of(game);

        var e = Assert.Throws<InvalidMoveException>(move);

        Assert.Equal(expected, e.Error);
        GameSnapshot.AssertSame(before, GameSnapshot.Of(game));
        return e;
    }

    [Fact]
    public void NewGame_IsInSetupWithNoFleetsAndNoMoves()
    {
        // Act
        var game = new BattleshipGame(GameRules.Standard);

        // Assert
        Assert.Equal(GamePhase.Setup, game.Phase);
        Assert.Equal(Player.One, game.FirstPlayer);
        Assert.Equal(Player.One, game.CurrentPlayer);
        Assert.Null(game.Winner);
        Assert.Equal(0, game.TurnNumber);
        Assert.Empty(game.Moves);
        Assert.False(game.HasPlacedFleet(Player.One));
        Assert.False(game.HasPlacedFleet(Player.Two));
        Assert.Null(game.OceanOf(Player.One));
        Assert.Null(game.FleetOf(Player.Two));
        Assert.Equal(
            new TargetView(GameRules.Standard, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111u),
            game.ViewOfOpponent(Player.One)
        );
    }

    [Fact]
    public void PlaceFleet_BothPlayers_StartsTheGame()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);
        var one = TestBoards.StandardLayout();
        var two = FleetLayout.Random(GameRules.Standard, 3);

        // Act
        game.PlaceFleet(Player.One, one);
        var phaseAfterOne = game.Phase;
        game.PlaceFleet(Player.Two, two);

        // Assert
        Assert.Equal(GamePhase.Setup, phaseAfterOne);
        Assert.Equal(GamePhase.InProgress, game.Phase);
        Assert.Same(one, game.FleetOf(Player.One));
        Assert.Same(two, game.FleetOf(Player.Two));
        Assert.Equal(two.Occupied, game.OceanOf(Player.Two)!.Occupied);
        Assert.Equal(0, game.TurnNumber);
    }

    [Fact]
    public void PlaceFleet_FromPlacements_ValidatesAndPlaces()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);

        // Act
        game.PlaceFleet(Player.Two, TestBoards.StandardPlacements);

        // Assert
        Assert.True(game.HasPlacedFleet(Player.Two));
        Assert.Equal(TestBoards.StandardPlacements, game.FleetOf(Player.Two)!.Placements);
    }

    [Fact]
    public void PlaceFleet_Twice_IsFleetAlreadyPlacedAndKeepsTheFirst()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);
        var first = TestBoards.StandardLayout();
        game.PlaceFleet(Player.One, first);

        // Act and Assert
        AssertRefused(game, () => game.PlaceFleet(Player.One, FleetLayout.Random(GameRules.Standard, 9)), MoveError.FleetAlreadyPlaced);
        Assert.Same(first, game.FleetOf(Player.One));
    }

    [Fact]
    public void PlaceFleet_DuringPlay_IsFleetAlreadyPlaced()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Fire(Player.One, 77);

        // Act and Assert
        AssertRefused(game, () => game.PlaceFleet(Player.Two, TestBoards.StandardLayout()), MoveError.FleetAlreadyPlaced);
    }

    [Fact]
    public void PlaceFleet_AfterTheGameEnded_IsGameOver()
    {
        // Arrange: Player Two resigns before placing.
        var game = new BattleshipGame(GameRules.Standard);
        game.PlaceFleet(Player.One, TestBoards.StandardLayout());
        game.Resign(Player.Two);

        // Act and Assert
        AssertRefused(game, () => game.PlaceFleet(Player.Two, TestBoards.StandardLayout()), MoveError.GameOver);
    }

    [Fact]
    public void PlaceFleet_LayoutOfOtherRules_Throws()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);
        var layout = TestBoards.StandardLayout(TestBoards.NoTouching);

        // Act and Assert
        Assert.Throws<ArgumentException>(() => game.PlaceFleet(Player.One, layout));
        Assert.False(game.HasPlacedFleet(Player.One));
    }

    [Fact]
    public void Fire_BeforeAnyFleetIsPlaced_IsFleetsNotPlaced()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);

        // Act and Assert
        AssertRefused(game, Player.One, 0, MoveError.FleetsNotPlaced);
    }

    [Fact]
    public void Fire_WithOnlyOneFleetPlaced_IsFleetsNotPlaced()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);
        game.PlaceFleet(Player.One, TestBoards.StandardLayout());

        // Act and Assert
        AssertRefused(game, Player.One, 0, MoveError.FleetsNotPlaced);
        AssertRefused(game, Player.Two, 0, MoveError.FleetsNotPlaced);
    }

    [Fact]
    public void Fire_OutOfTurn_IsRejected()
    {
        // Arrange
        var game = TestBoards.StartedGame();

        // Act and Assert
        AssertRefused(game, Player.Two, 0, MoveError.NotYourTurn);
    }

    [Fact]
    public void Fire_OutOfTurnAfterAMove_IsRejected()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Fire(Player.One, 77);

        // Act and Assert
        AssertRefused(game, Player.One, 78, MoveError.NotYourTurn);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public void Fire_OffTheBoard_IsOutOfBounds(int cell)
    {
        // Arrange
        var game = TestBoards.StartedGame();

        // Act and Assert
        AssertRefused(game, Player.One, cell, MoveError.OutOfBounds);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    [InlineData(10, 0)]
    [InlineData(0, 10)]
    [InlineData(3, 10)] // would be cell 40 if the column were not checked
    public void Fire_AtRowAndColumnOffTheBoard_IsOutOfBounds(int row, int column)
    {
        // Arrange
        var game = TestBoards.StartedGame();

        // Act and Assert
        AssertRefused(game, () => game.Fire(Player.One, row, column), MoveError.OutOfBounds);
    }

    [Fact]
    public void Fire_AtRowAndColumn_ChecksTurnAndPhaseBeforeBounds()
    {
        // Arrange: the same precedence as Fire(player, cell).
        var setup = new BattleshipGame(GameRules.Standard);
        var started = TestBoards.StartedGame();

        // Act
        var notPlaced = Assert.Throws<InvalidMoveException>(() => setup.Fire(Player.One, -1, 0));
        var notYourTurn = Assert.Throws<InvalidMoveException>(() => started.Fire(Player.Two, 0, 10));

        // Assert
        Assert.Equal(MoveError.FleetsNotPlaced, notPlaced.Error);
        Assert.Equal(MoveError.NotYourTurn, notYourTurn.Error);
    }

    [Fact]
    public void Fire_AtRowAndColumn_FiresAtRowTimesColumnsPlusColumn()
    {
        // Arrange
        var game = TestBoards.StartedGame();

        // Act
        var result = game.Fire(Player.One, 6, 5);

        // Assert: (6, 5) is cell 65, the Submarine's last cell.
        Assert.Equal(65, result.Cell);
        Assert.Equal(ShotOutcome.Hit, result.Outcome);
        Assert.Equal(65, game.Moves[0].Cell);
    }

    [Fact]
    public void Fire_AtTheSameCellTwice_IsAlreadyFired()
    {
        // Arrange: each player fires at the other's ocean, so One's cell 5 and Two's cell 5 are different shots.
        var game = TestBoards.StartedGame();
        game.Fire(Player.One, 5);
        game.Fire(Player.Two, 5);

        // Act and Assert
        AssertRefused(game, Player.One, 5, MoveError.AlreadyFired);
    }

    [Fact]
    public void Fire_AfterTheWin_IsGameOver()
    {
        // Arrange
        var game = TestBoards.StartedGame(TestBoards.HitKeepsTurn);
        foreach (var cell in TestBoards.AllShipCells)
        {
            game.Fire(Player.One, cell);
        }

        // Act and Assert
        AssertRefused(game, Player.One, 77, MoveError.GameOver);
        AssertRefused(game, Player.Two, 77, MoveError.GameOver);
    }

    [Fact]
    public void Fire_AfterResignation_IsGameOver()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Resign(Player.Two);

        // Act and Assert
        AssertRefused(game, Player.One, 0, MoveError.GameOver);
    }

    [Fact]
    public void Fire_RecordsMissHitAndSunkInTheLog()
    {
        // Arrange
        var game = TestBoards.StartedGame(TestBoards.HitKeepsTurn);

        // Act
        var miss = game.Fire(Player.One, 77);
        var hit = game.Fire(Player.Two, 98);
        var sunk = game.Fire(Player.Two, 99);

        // Assert
        Assert.Equal(ShotOutcome.Miss, miss.Outcome);
        Assert.Equal(ShotOutcome.Hit, hit.Outcome);
        Assert.Equal(new ShotResult(99, ShotOutcome.Sunk, ShipType.Destroyer, TestBoards.Mask(98, 99)), sunk);
        Assert.Equal(
            [
                new Move(1, Player.One, MoveKind.Shot, 77, ShotOutcome.Miss, null),
                new Move(2, Player.Two, MoveKind.Shot, 98, ShotOutcome.Hit, null),
                new Move(3, Player.Two, MoveKind.Shot, 99, ShotOutcome.Sunk, ShipType.Destroyer),
            ],
            game.Moves
        );
        Assert.Equal(3, game.TurnNumber);
        Assert.Equal(TestBoards.Mask(98, 99), game.OceanOf(Player.One)!.SunkCells);
        Assert.Equal(TestBoards.Mask(98, 99), game.ViewOfOpponent(Player.Two).SunkCells);
        Assert.Equal(TestBoards.Mask(77), game.ViewOfOpponent(Player.One).Misses);
    }

    [Fact]
    public void Fire_SinkingTheLastShip_WinsAndFinishesTheGame()
    {
        // Arrange: Player One sinks everything; Player Two fires at water in between.
        var game = TestBoards.StartedGame();
        var water = new Queue<int>(Enumerable.Range(0, 100).Where(c => !TestBoards.AllShipCells.Contains(c)));
        ShotResult last = default;

        // Act
        foreach (var cell in TestBoards.AllShipCells)
        {
            last = game.Fire(Player.One, cell);
            if (game.Phase == GamePhase.InProgress)
            {
                game.Fire(Player.Two, water.Dequeue());
            }
        }

        // Assert
        Assert.Equal(ShotOutcome.Win, last.Outcome);
        Assert.Equal(ShipType.Destroyer, last.SunkShip);
        Assert.Equal(GamePhase.Finished, game.Phase);
        Assert.Equal(Player.One, game.Winner);
        Assert.Equal(Player.One, game.CurrentPlayer); // the turn does not pass after the win
        Assert.Equal(17 + 16, game.TurnNumber);
        Assert.Equal(new Move(33, Player.One, MoveKind.Shot, 99, ShotOutcome.Win, ShipType.Destroyer), game.Moves[^1]);
        Assert.True(game.OceanOf(Player.Two)!.AllSunk);
    }

    [Theory]
    [InlineData(Player.Two, Player.One)] // the player to move
    [InlineData(Player.One, Player.Two)] // the other one: resigning does not depend on the turn
    public void Resign_DuringPlay_FinishesWithTheOpponentWinning(Player resigning, Player opponent)
    {
        // Arrange: Player Two is to move.
        var game = TestBoards.StartedGame();
        game.Fire(Player.One, 77);

        // Act
        game.Resign(resigning);

        // Assert
        Assert.Equal(GamePhase.Finished, game.Phase);
        Assert.Equal(opponent, game.Winner);
        Assert.Equal(2, game.TurnNumber);
        Assert.Equal(new Move(2, resigning, MoveKind.Resign, -1, ShotOutcome.Miss, null), game.Moves[^1]);
        Assert.Equal(MoveError.GameOver, game.TryFire(opponent, 0, out _));
    }

    [Fact]
    public void Resign_OutOfTurn_IsAllowed()
    {
        // Arrange: it is Player One's turn.
        var game = TestBoards.StartedGame();

        // Act
        game.Resign(Player.Two);

        // Assert
        Assert.Equal(Player.One, game.Winner);
    }

    [Fact]
    public void Resign_DuringSetup_FinishesWithTheOpponentWinning()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);

        // Act
        game.Resign(Player.One);

        // Assert
        Assert.Equal(GamePhase.Finished, game.Phase);
        Assert.Equal(Player.Two, game.Winner);
        Assert.Equal([new Move(1, Player.One, MoveKind.Resign, -1, ShotOutcome.Miss, null)], game.Moves);
    }

    [Fact]
    public void Resign_AfterTheEnd_IsGameOver()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Resign(Player.One);

        // Act and Assert
        var e = AssertRefused(game, () => game.Resign(Player.Two), MoveError.GameOver);
        Assert.Equal("The game is over.", e.Message);
    }

    [Fact]
    public void RefusedMoves_HaveReadableMessages()
    {
        // Arrange
        var game = TestBoards.StartedGame();
        game.Fire(Player.One, 7);
        game.Fire(Player.Two, 7);

        // Act
        var outOfBounds = Assert.Throws<InvalidMoveException>(() => game.Fire(Player.One, 100));
        var already = Assert.Throws<InvalidMoveException>(() => game.Fire(Player.One, 7));
        var turn = Assert.Throws<InvalidMoveException>(() => game.Fire(Player.Two, 8));

        // Assert
        Assert.Equal("Cell 100 is not on the board.", outOfBounds.Message);
        Assert.Equal("Cell 7 was already fired at.", already.Message);
        Assert.Equal("It is not your turn.", turn.Message);
    }

    [Fact]
    public void Constructor_WithNullRules_Throws()
    {
        // Act and Assert
        Assert.Throws<ArgumentNullException>(() => new BattleshipGame(null!));
    }

    [Fact]
    public void Opponent_IsTheOtherPlayer()
    {
        // Act and Assert
        Assert.Equal(Player.Two, Player.One.Opponent());
        Assert.Equal(Player.One, Player.Two.Opponent());
    }
}
