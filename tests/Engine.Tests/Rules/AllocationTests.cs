namespace Battleship.Engine.Tests.Rules;

public sealed class AllocationTests
{
    [Fact]
    public void Ocean_TryFire_AllocatesNothing()
    {
        // Arrange: many fleets and shot orders made up front; one full pass first warms up the JIT.
        var rules = GameRules.Standard;
        var ocean = new Ocean(rules);
        var rng = new Rng(17);
        var fleets = new UInt128[50 * rules.Fleet.Length];
        for (var g = 0; g < 50; g++)
        {
            FleetLayout.SampleMasks(rules, ref rng, fleets.AsSpan(g * rules.Fleet.Length, rules.Fleet.Length));
        }
        var order = SeededGames.ShotOrder(rules, 17, 0);
        var errors = PlayAll(ocean, fleets, order, rules.Fleet.Length);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        errors += PlayAll(ocean, fleets, order, rules.Fleet.Length);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert: shots fired at every cell, and the refused ones (repeats, off-board, after the
        // end) are counted to prove they ran.
        Assert.Equal(0, allocated);
        Assert.Equal(2 * 50 * 3, errors);
    }

    [Fact]
    public void Game_TryFire_AllocatesNothing()
    {
        // Arrange
        var rules = GameRules.Standard;
        var games = Enumerable.Range(0, 20).Select(s => SeededGames.Start(rules, (ulong)s)).ToArray();
        var warmUp = SeededGames.Start(rules, 999);
        var orders = new[] { SeededGames.ShotOrder(rules, 5, 2), SeededGames.ShotOrder(rules, 5, 3) };
        Drive(warmUp, orders);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        var moves = 0;
        foreach (var game in games)
        {
            moves += Drive(game, orders);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
        Assert.All(games, g => Assert.Equal(GamePhase.Finished, g.Phase));
        Assert.True(moves > 20 * 34);
    }

    private static int PlayAll(Ocean ocean, UInt128[] fleets, int[] order, int ships)
    {
        var errors = 0;
        for (var g = 0; g < fleets.Length / ships; g++)
        {
            ocean.Reset(fleets.AsSpan(g * ships, ships));
            foreach (var cell in order)
            {
                if (ocean.TryFire(cell, out var result) != MoveError.None || result.Outcome == ShotOutcome.Win)
                {
                    break;
                }
            }
            errors += ocean.TryFire(order[0], out _) != MoveError.None ? 1 : 0; // after the win: GameOver
            errors += ocean.TryFire(-1, out _) != MoveError.None ? 1 : 0;
            errors += ocean.TryFire(ocean.Rules.Cells, out _) != MoveError.None ? 1 : 0;
        }
        return errors;
    }

    private static int Drive(BattleshipGame game, int[][] orders)
    {
        Span<int> next = stackalloc int[2];
        var moves = 0;
        while (game.Phase == GamePhase.InProgress)
        {
            var p = (int)game.CurrentPlayer;
            if (game.TryFire(game.CurrentPlayer, orders[p][next[p]++], out _) == MoveError.None)
            {
                moves++;
            }
        }
        return moves;
    }
}
