namespace Battleship.Engine.Tests.Gym;

/// <summary>
/// Observations and masks computed the slow, obvious way, cell by cell, straight from an
/// <see cref="Ocean"/>'s ships and shots, independently of the environment's incremental updates.
/// </summary>
internal static class Expected
{
    public const int Unknown = 0;
    public const int Miss = 1;
    public const int Hit = 2;
    public const int Sunk = 3;
    public const int FirstShip = 4;

    public static float[] Observation(Ocean ocean)
    {
        var rules = ocean.Rules;
        var cells = rules.Cells;
        var observation = new float[(FirstShip + rules.Fleet.Length) * cells];
        for (var cell = 0; cell < cells; cell++)
        {
            observation[(StateOf(ocean, cell) * cells) + cell] = 1f;
            for (var ship = 0; ship < rules.Fleet.Length; ship++)
            {
                if (IsAfloat(ocean, ship))
                {
                    observation[((FirstShip + ship) * cells) + cell] = 1f;
                }
            }
        }
        return observation;
    }

    public static byte[] Mask(Ocean ocean)
    {
        var mask = new byte[ocean.Rules.Cells];
        for (var cell = 0; cell < mask.Length; cell++)
        {
            mask[cell] = Bitboard.Contains(ocean.Shots, cell) ? (byte)0 : (byte)1;
        }
        return mask;
    }

    /// <summary>The one channel among unknown, miss, hit and sunk that <paramref name="cell"/> belongs to.</summary>
    public static int StateOf(Ocean ocean, int cell)
    {
        if (!Bitboard.Contains(ocean.Shots, cell))
        {
            return Unknown;
        }
        for (var ship = 0; ship < ocean.Rules.Fleet.Length; ship++)
        {
            if (Bitboard.Contains(ocean.ShipMask(ship), cell))
            {
                return IsAfloat(ocean, ship) ? Hit : Sunk;
            }
        }
        return Miss;
    }

    /// <summary>A ship is afloat while one of its cells has not been fired at.</summary>
    public static bool IsAfloat(Ocean ocean, int ship) => (ocean.ShipMask(ship) & ~ocean.Shots) != UInt128.Zero;

    /// <summary>The cells of <paramref name="board"/>, lowest first.</summary>
    public static int[] CellsOf(UInt128 board)
    {
        var cells = new int[Bitboard.Count(board)];
        Bitboard.CopyCells(board, cells);
        return cells;
    }

    /// <summary>The ocean an environment reset with <paramref name="seed"/> plays against.</summary>
    public static Ocean OceanFor(GameRules rules, ulong seed) => new(FleetLayout.Random(rules, seed));

    /// <summary>The first cell that holds no ship.</summary>
    public static int FirstWater(Ocean ocean) => Bitboard.First(ocean.Rules.BoardMask & ~ocean.Occupied);

    /// <summary>Asserts channel by channel, so that a failure names the channel that differs.</summary>
    public static void Equal(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int cells)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var channel = 0; channel < expected.Length / cells; channel++)
        {
            var e = expected.Slice(channel * cells, cells).ToArray();
            var a = actual.Slice(channel * cells, cells).ToArray();
            Assert.True(
                e.AsSpan().SequenceEqual(a),
                $"Channel {channel} differs.\nExpected: {string.Join("", e.Select(v => (int)v))}\nActual:   {string.Join("", a.Select(v => (int)v))}"
            );
        }
    }
}
