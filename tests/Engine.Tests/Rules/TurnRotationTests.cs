namespace Battleship.Engine.Tests.Rules;

public sealed class TurnRotationTests
{
    [Fact]
    public void Default_MissPassesTheTurn()
    {
        // Arrange
        var game = TestBoards.StartedGame();

        // Act
        game.Fire(Player.One, 77);

        // Assert
        Assert.Equal(Player.Two, game.CurrentPlayer);
    }

    [Fact]
    public void Default_HitAndSinkPassTheTurnToo()
    {
        // Arrange
        var game = TestBoards.StartedGame();

        // Act
        var hit = game.Fire(Player.One, 98);
        var afterHit = game.CurrentPlayer;
        game.Fire(Player.Two, 77);
        var sunk = game.Fire(Player.One, 99);
        var afterSink = game.CurrentPlayer;

        // Assert
        Assert.Equal(ShotOutcome.Hit, hit.Outcome);
        Assert.Equal(Player.Two, afterHit);
        Assert.Equal(ShotOutcome.Sunk, sunk.Outcome);
        Assert.Equal(Player.Two, afterSink);
    }

    [Fact]
    public void Default_PlayersAlternateOnEveryShot()
    {
        // Act
        var game = SeededGames.Play(GameRules.Standard, seed: 11);

        // Assert
        Assert.All(game.Moves, m => Assert.Equal(m.Number % 2 == 1 ? Player.One : Player.Two, m.Player));
    }

    [Fact]
    public void HitKeepsTurn_HitLetsTheShooterFireAgain()
    {
        // Arrange
        var game = TestBoards.StartedGame(TestBoards.HitKeepsTurn);

        // Act
        game.Fire(Player.One, 0);
        var afterHit = game.CurrentPlayer;
        game.Fire(Player.One, 98);
        game.Fire(Player.One, 99);
        var afterSink = game.CurrentPlayer;

        // Assert
        Assert.Equal(Player.One, afterHit);
        Assert.Equal(Player.One, afterSink);
        Assert.Equal(MoveError.NotYourTurn, game.TryFire(Player.Two, 0, out _));
    }

    [Fact]
    public void HitKeepsTurn_MissPassesTheTurn()
    {
        // Arrange
        var game = TestBoards.StartedGame(TestBoards.HitKeepsTurn);
        game.Fire(Player.One, 0);

        // Act
        game.Fire(Player.One, 77);

        // Assert
        Assert.Equal(Player.Two, game.CurrentPlayer);
    }

    [Fact]
    public void HitKeepsTurn_TurnChangesExactlyAfterMisses()
    {
        // Act
        var game = SeededGames.Play(TestBoards.HitKeepsTurn, seed: 12);

        // Assert
        for (var i = 1; i < game.Moves.Count; i++)
        {
            var previous = game.Moves[i - 1];
            var expected = previous.Outcome == ShotOutcome.Miss ? previous.Player.Opponent() : previous.Player;
            Assert.Equal(expected, game.Moves[i].Player);
        }
    }

    [Fact]
    public void FirstPlayer_Two_MovesFirst()
    {
        // Arrange
        var game = TestBoards.StartedGame(firstPlayer: Player.Two);

        // Act
        var refused = game.TryFire(Player.One, 0, out _);
        game.Fire(Player.Two, 0);

        // Assert
        Assert.Equal(Player.Two, game.FirstPlayer);
        Assert.Equal(MoveError.NotYourTurn, refused);
        Assert.Equal(Player.Two, game.Moves[0].Player);
        Assert.Equal(Player.One, game.CurrentPlayer);
    }

    [Fact]
    public void FirstPlayer_IsCurrentDuringSetup()
    {
        // Act
        var game = new BattleshipGame(GameRules.Standard, Player.Two);

        // Assert
        Assert.Equal(Player.Two, game.CurrentPlayer);
    }
}
