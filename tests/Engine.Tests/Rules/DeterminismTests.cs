namespace Battleship.Engine.Tests.Rules;

public sealed class DeterminismTests
{
    [Fact]
    public void SameSeed_PlaysTheSameGame()
    {
        // Act
        var a = SeededGames.Play(GameRules.Standard, seed: 2024);
        var b = SeededGames.Play(GameRules.Standard, seed: 2024);

        // Assert
        Assert.Equal(a.Moves, b.Moves);
        Assert.Equal(a.FleetOf(Player.One)!.Placements, b.FleetOf(Player.One)!.Placements);
        Assert.Equal(a.FleetOf(Player.Two)!.Placements, b.FleetOf(Player.Two)!.Placements);
        Assert.Equal(a.Winner, b.Winner);
    }

    [Fact]
    public void DifferentSeeds_PlayDifferentGames()
    {
        // Act
        var logs = Enumerable
            .Range(0, 20)
            .Select(seed => string.Join(',', SeededGames.Play(GameRules.Standard, (ulong)seed).Moves.Select(m => m.Cell)))
            .ToArray();

        // Assert
        Assert.Equal(20, logs.Distinct().Count());
    }

    [Fact]
    public void SeededGame_IsIndependentOfWhatWasPlayedBefore()
    {
        // Arrange: play other games first; sub-streams make each game depend on its own seed only.
        var alone = SeededGames.Play(GameRules.Standard, seed: 31);
        for (ulong seed = 100; seed < 105; seed++)
        {
            SeededGames.Play(GameRules.Standard, seed);
        }

        // Act
        var again = SeededGames.Play(GameRules.Standard, seed: 31);

        // Assert
        Assert.Equal(alone.Moves, again.Moves);
    }

    [Fact]
    public void SameSeed_GivesTheSameLayoutUnderEveryRuleVariant()
    {
        // Arrange
        GameRules[] variants =
        [
            GameRules.Standard,
            TestBoards.NoTouching,
            new(8, 8, [new(ShipType.Cruiser, 3), new(ShipType.Destroyer, 2)]),
            new(11, 11, GameRules.StandardFleet),
        ];

        foreach (var rules in variants)
        {
            // Act
            var a = FleetLayout.Random(rules, 555);
            var b = FleetLayout.Random(rules, 555);

            // Assert
            Assert.Equal(a.Placements, b.Placements);
        }
    }
}
