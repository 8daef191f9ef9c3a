using Battleship.Engine;

namespace Battleship.Load;

/// <summary>The order in which a load player sweeps the board: every cell once, shuffled by a seeded generator.</summary>
public static class ShotOrders
{
    /// <summary>The cells of a standard board in an order drawn from <paramref name="rng"/> (Fisher–Yates).</summary>
    public static int[] Shuffled(ref Rng rng)
    {
        var cells = Enumerable.Range(0, GameRules.Standard.Cells).ToArray();
        for (var i = cells.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (cells[i], cells[j]) = (cells[j], cells[i]);
        }
        return cells;
    }
}
