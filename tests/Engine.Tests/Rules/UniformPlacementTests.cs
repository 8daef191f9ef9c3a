namespace Battleship.Engine.Tests.Rules;

/// <summary>
/// <see cref="FleetLayout.Random(GameRules, ref Rng)"/> must draw every valid layout with the same
/// probability. On small boards every valid layout is enumerated by brute force (with a model
/// written here, independent of the engine's placement tables) and a chi-square goodness-of-fit
/// test compares the draws with the uniform distribution; a greedy ship-by-ship sampler, which is
/// biased, must fail the same test.
/// </summary>
public sealed class UniformPlacementTests
{
    private const int Draws = 300_000;

    /// <summary>The small variants whose layouts are enumerated.</summary>
    public static TheoryData<string> Variants { get; } = ["4x4 C3 D2", "5x5 C3 S3 D2", "5x5 C3 D2 no-touching"];

    private static GameRules RulesOf(string variant) =>
        variant switch
        {
            "4x4 C3 D2" => new(4, 4, [new(ShipType.Cruiser, 3), new(ShipType.Destroyer, 2)]),
            "5x5 C3 S3 D2" => new(5, 5, [new(ShipType.Cruiser, 3), new(ShipType.Submarine, 3), new(ShipType.Destroyer, 2)]),
            "5x5 C3 D2 no-touching" => new(5, 5, [new(ShipType.Cruiser, 3), new(ShipType.Destroyer, 2)], shipsMayTouch: false),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

    [Fact]
    public void FourByFour_CruiserAndDestroyer_Has264Layouts()
    {
        // Counted by hand: a 3-ship has 16 positions on 4×4 (8 per orientation) and a 2-ship 24,
        // so 384 pairs. A horizontal 3-ship in row r overlaps the 3 horizontal 2-ships of its row
        // and 3·v(r) vertical ones, where v = 1, 2, 2, 1 is how many vertical 2-ships cover a cell
        // of row r: 2 columns × Σr (3 + 3·v(r)) = 2 × (12 + 18) = 60 overlapping pairs; vertical
        // 3-ships give 60 more by symmetry. 384 − 120 = 264.
        var space = new LayoutSpace(RulesOf("4x4 C3 D2"));

        // Act
        var count = space.Count;

        // Assert
        Assert.Equal(264, count);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void BruteForceLayoutCount_AgreesWithEngineValidation(string variant)
    {
        // Arrange
        var rules = RulesOf(variant);
        var space = new LayoutSpace(rules);

        // Act: try every combination of origins and orientations through the engine.
        var accepted = 0;
        foreach (var placements in AllPlacementCombinations(rules))
        {
            if (FleetLayout.TryCreate(rules, placements, out var layout, out _))
            {
                accepted++;
                Assert.True(space.Index.ContainsKey(LayoutKey.Of(layout.ShipMasks)));
            }
        }

        // Assert
        Assert.Equal(space.Count, accepted);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Random_DrawsEveryValidLayoutWithEqualProbability(string variant)
    {
        // Arrange
        var rules = RulesOf(variant);
        var space = new LayoutSpace(rules);

        // Act
        var counts = space.CountDraws((ref rng, masks) => FleetLayout.SampleMasks(rules, ref rng, masks));
        var (passes, statistic, critical) = ChiSquare.UniformFit(counts);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{variant}: {space.Count} layouts, chi-square {statistic:F1}, critical {critical:F1}"
        );

        // Assert
        Assert.All(counts, c => Assert.True(c > 0));
        Assert.True(passes, $"{variant}: chi-square {statistic:F1} > critical {critical:F1} ({space.Count - 1} df)");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void GreedyShipByShipSampler_FailsTheSameTest(string variant)
    {
        // Arrange: each ship in turn takes a position uniformly among those still free. A layout's
        // probability is then the product of 1/(free positions) at each step, which differs between
        // layouts: a first ship at the edge leaves more room than one in the middle.
        var space = new LayoutSpace(RulesOf(variant));

        // Act
        var counts = space.CountDraws(space.GreedySample);
        var (passes, statistic, critical) = ChiSquare.UniformFit(counts);

        TestContext.Current.TestOutputHelper?.WriteLine($"{variant}: greedy chi-square {statistic:F1}, critical {critical:F1}");

        // Assert
        Assert.False(passes, $"{variant}: greedy chi-square {statistic:F1} <= critical {critical:F1}");
    }

    [Fact]
    public void ChiSquareCriticalValue_MatchesTablesAtP0001()
    {
        // Arrange: published χ² upper 0.001 points. Wilson–Hilferty is slightly conservative
        // (too high) and improves with the degrees of freedom: 3 % at 1 df, 0.6 % at 10 df.
        (int Df, double Table, double Tolerance)[] table =
        [
            (1, 10.828, 0.035),
            (5, 20.515, 0.015),
            (10, 29.588, 0.007),
            (30, 59.703, 0.002),
            (100, 149.449, 0.0005),
        ];

        // Act and Assert
        foreach (var (df, expected, tolerance) in table)
        {
            var approx = ChiSquare.CriticalValue(df);
            Assert.InRange(approx, expected, expected * (1 + tolerance));
        }
    }

    [Fact]
    public void Random_StandardBoard_CellOccupancyIsSymmetricUnderTheBoardsReflections()
    {
        // Arrange
        var rules = GameRules.Standard;
        var rng = new Rng(7);
        const int draws = 100_000;
        var counts = new long[rules.Cells];
        Span<UInt128> masks = stackalloc UInt128[rules.Fleet.Length];

        // Act
        for (var i = 0; i < draws; i++)
        {
            FleetLayout.SampleMasks(rules, ref rng, masks);
            foreach (var mask in masks)
            {
                AddCells(counts, mask);
            }
        }

        // Assert: the uniform distribution on layouts is invariant under the board's four
        // reflections, so mirrored cells have the same expected occupancy.
        Assert.Equal(17L * draws, counts.Sum());
        Assert.True(MaxReflectionZ(counts, 10) < 5.0, $"max z = {MaxReflectionZ(counts, 10):F2}");
        Assert.True(counts[0] < counts[44], "a corner is occupied less often than a centre cell");
    }

    [Fact]
    public void ReflectionCheck_CatchesAnOffByOnePlacementTable()
    {
        // Arrange: rejection sampling over tables that miss every position ending on the last
        // row or column (the classic off-by-one), which the symmetry check above must catch.
        var rules = GameRules.Standard;
        var tables = rules.Fleet.Select(s => EnumeratePositions(10, 10, s.Length, lastIndexInclusive: false)).ToArray();
        var rng = new Rng(7);
        var counts = new long[rules.Cells];

        // Act
        for (var drawn = 0; drawn < 20_000; )
        {
            var occupied = UInt128.Zero;
            var ok = true;
            foreach (var table in tables)
            {
                var mask = table[rng.NextInt(table.Length)];
                ok &= (occupied & mask) == UInt128.Zero;
                occupied |= mask;
            }
            if (ok)
            {
                AddCells(counts, occupied);
                drawn++;
            }
        }

        // Assert
        Assert.True(MaxReflectionZ(counts, 10) > 5.0);
    }

    [Fact]
    public void Random_SameSeed_GivesTheSameLayout()
    {
        // Act
        var a = FleetLayout.Random(GameRules.Standard, 12345);
        var b = FleetLayout.Random(GameRules.Standard, 12345);

        // Assert
        Assert.NotSame(a, b);
        Assert.Equal(a.Placements, b.Placements);
        Assert.Equal(a.Occupied, b.Occupied);
    }

    [Fact]
    public void Random_DifferentSeeds_GiveDifferentLayouts()
    {
        // Act
        var layouts = Enumerable
            .Range(0, 200)
            .Select(seed => string.Join(';', FleetLayout.Random(GameRules.Standard, (ulong)seed).Placements))
            .ToArray();

        // Assert
        Assert.Equal(200, layouts.Distinct().Count());
    }

    [Fact]
    public void Random_Seed1_IsPinned()
    {
        // Pins the placement algorithm together with the generator and the order of the
        // placement tables: a change to any of them changes every seeded layout and replay.
        // Computed once by running this engine.
        ShipPlacement[] expected =
        [
            new(ShipType.Carrier, 2, 4, Orientation.Vertical),
            new(ShipType.Battleship, 0, 2, Orientation.Vertical),
            new(ShipType.Cruiser, 1, 1, Orientation.Vertical),
            new(ShipType.Submarine, 7, 6, Orientation.Horizontal),
            new(ShipType.Destroyer, 3, 5, Orientation.Vertical),
        ];

        // Act
        var layout = FleetLayout.Random(GameRules.Standard, 1);

        // Assert
        Assert.Equal(expected, layout.Placements);
    }

    [Fact]
    public void SampleMasks_DrawsTheSameLayoutAsRandomFromTheSameGenerator()
    {
        // Arrange
        var rules = GameRules.Standard;
        Span<UInt128> masks = stackalloc UInt128[rules.Fleet.Length];

        for (ulong seed = 0; seed < 100; seed++)
        {
            var forMasks = new Rng(seed);
            var forLayout = new Rng(seed);

            // Act
            FleetLayout.SampleMasks(rules, ref forMasks, masks);
            var layout = FleetLayout.Random(rules, ref forLayout);

            // Assert: same layout, and both generators advanced alike.
            Assert.Equal(layout.ShipMasks.ToArray(), masks.ToArray());
            Assert.Equal(forLayout.NextUInt64(), forMasks.NextUInt64());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Random_LayoutsAlwaysPassValidation(bool shipsMayTouch)
    {
        // Arrange
        var rules = shipsMayTouch ? GameRules.Standard : TestBoards.NoTouching;

        for (ulong seed = 0; seed < 1000; seed++)
        {
            // Act
            var layout = FleetLayout.Random(rules, seed);
            var valid = FleetLayout.TryCreate(rules, layout.Placements, out var revalidated, out var problem);

            // Assert
            Assert.True(valid, problem?.Message);
            Assert.Equal(layout.ShipMasks.ToArray(), revalidated!.ShipMasks.ToArray());
            for (var i = 0; i < layout.ShipMasks.Length; i++)
            {
                for (var j = i + 1; j < layout.ShipMasks.Length; j++)
                {
                    Assert.Equal(UInt128.Zero, layout.ShipMask(i) & layout.ShipMask(j));
                    if (!shipsMayTouch)
                    {
                        Assert.False(LayoutSpace.Touch(layout.ShipMask(i), layout.ShipMask(j), 10));
                    }
                }
            }
        }
    }

    [Fact]
    public void Random_NoTouchingRules_DoesProduceLayoutsThatWouldTouchUnderDefaultRules()
    {
        // Arrange: the no-touching sampler must differ from the default one, or the test above proves little.
        var touching = 0;

        // Act
        for (ulong seed = 0; seed < 200; seed++)
        {
            var layout = FleetLayout.Random(GameRules.Standard, seed);
            if (!FleetLayout.TryCreate(TestBoards.NoTouching, layout.Placements, out _, out _))
            {
                touching++;
            }
        }

        // Assert
        Assert.InRange(touching, 1, 199);
    }

    [Fact]
    public void Random_ImpossibleFleet_ThrowsInvalidOperationException()
    {
        // Arrange: two 2-ships cannot share a 1×3 board.
        var rules = new GameRules(1, 3, [new(ShipType.Cruiser, 2), new(ShipType.Destroyer, 2)]);

        // Act and Assert
        Assert.Throws<InvalidOperationException>(() => FleetLayout.Random(rules, 1));
    }

    private static void AddCells(long[] counts, UInt128 mask)
    {
        for (; mask != UInt128.Zero; mask &= mask - UInt128.One)
        {
            counts[(int)UInt128.TrailingZeroCount(mask)]++;
        }
    }

    /// <summary>The largest |a − b| / √(a + b) between a cell's count and its image under the four reflections of an n×n board.</summary>
    private static double MaxReflectionZ(long[] counts, int n)
    {
        var max = 0.0;
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var a = counts[r * n + c];
                foreach (var (mr, mc) in new[] { (r, n - 1 - c), (n - 1 - r, c), (c, r), (n - 1 - c, n - 1 - r) })
                {
                    var b = counts[mr * n + mc];
                    if (a + b > 0)
                    {
                        max = Math.Max(max, Math.Abs(a - b) / Math.Sqrt(a + b));
                    }
                }
            }
        }
        return max;
    }

    /// <summary>Every position of a ship of <paramref name="length"/>, computed here from first principles.</summary>
    private static UInt128[] EnumeratePositions(int rows, int columns, int length, bool lastIndexInclusive = true)
    {
        var masks = new List<UInt128>();
        var slack = lastIndexInclusive ? 0 : 1;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c + length - 1 < columns - slack; c++)
            {
                masks.Add(Line(r * columns + c, 1, length));
            }
        }
        for (var r = 0; r + length - 1 < rows - slack; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                masks.Add(Line(r * columns + c, columns, length));
            }
        }
        return [.. masks];

        static UInt128 Line(int start, int step, int length)
        {
            var mask = UInt128.Zero;
            for (var i = 0; i < length; i++)
            {
                mask |= UInt128.One << (start + i * step);
            }
            return mask;
        }
    }

    private static IEnumerable<ShipPlacement[]> AllPlacementCombinations(GameRules rules)
    {
        var single = rules
            .Fleet.Select(ship =>
                (
                    from row in Enumerable.Range(0, rules.Rows)
                    from column in Enumerable.Range(0, rules.Columns)
                    from orientation in new[] { Orientation.Horizontal, Orientation.Vertical }
                    select new ShipPlacement(ship.Type, row, column, orientation)
                ).ToArray()
            )
            .ToArray();
        IEnumerable<ShipPlacement[]> combos =
        [
            [],
        ];
        foreach (var options in single)
        {
            combos = combos.SelectMany(prefix => options.Select(p => (ShipPlacement[])[.. prefix, p]));
        }
        return combos;
    }

    /// <summary>A layout as the tuple of its ship masks in fleet order (up to three ships).</summary>
    private readonly record struct LayoutKey(UInt128 A, UInt128 B, UInt128 C)
    {
        public static LayoutKey Of(ReadOnlySpan<UInt128> masks) =>
            new(masks[0], masks.Length > 1 ? masks[1] : UInt128.Zero, masks.Length > 2 ? masks[2] : UInt128.Zero);
    }

    /// <summary>Every valid layout of a small fleet, found by brute force without the engine.</summary>
    /// <summary>Draws one layout: the ships' cells, in fleet order.</summary>
    private delegate void Sampler(ref Rng rng, Span<UInt128> masks);

    private sealed class LayoutSpace
    {
        // Per ship, every position: its cells, and the cells a later ship may not use (the cells
        // themselves, or under no-touching rules the cells and their neighbours).
        private readonly (UInt128 Cells, UInt128 Blocks)[][] _positions;

        public LayoutSpace(GameRules rules)
        {
            _positions =
            [
                .. rules.Fleet.Select(s =>
                    EnumeratePositions(rules.Rows, rules.Columns, s.Length)
                        .Select(cells => (cells, rules.ShipsMayTouch ? cells : Neighbourhood(cells, rules.Rows, rules.Columns)))
                        .ToArray()
                ),
            ];
            Enumerate(new UInt128[_positions.Length], 0, UInt128.Zero);
        }

        public Dictionary<LayoutKey, int> Index { get; } = [];

        public int Count => Index.Count;

        /// <summary>
        /// How many of <see cref="Draws"/> layouts drawn by <paramref name="sample"/>, from the same
        /// seed for every sampler, fell on each layout of <see cref="Index"/>; a draw that is not a
        /// valid layout fails the test.
        /// </summary>
        public long[] CountDraws(Sampler sample)
        {
            var rng = new Rng(20240611);
            var counts = new long[Count];
            Span<UInt128> masks = stackalloc UInt128[_positions.Length];
            for (var i = 0; i < Draws; i++)
            {
                sample(ref rng, masks);
                Assert.True(Index.TryGetValue(LayoutKey.Of(masks), out var index), "drew an invalid layout");
                counts[index]++;
            }
            return counts;
        }

        /// <summary>Whether a cell of <paramref name="a"/> and a cell of <paramref name="b"/> are neighbours (diagonals included).</summary>
        public static bool Touch(UInt128 a, UInt128 b, int columns)
        {
            foreach (var x in TestBoards.CellsOf(a))
            {
                foreach (var y in TestBoards.CellsOf(b))
                {
                    if (Math.Abs(x / columns - y / columns) <= 1 && Math.Abs(x % columns - y % columns) <= 1)
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        /// <summary>A deliberately biased sampler: each ship uniformly among the positions still free.</summary>
        public void GreedySample(ref Rng rng, Span<UInt128> masks)
        {
            Span<int> candidates = stackalloc int[_positions.Max(p => p.Length)];
            while (true)
            {
                var blocked = UInt128.Zero;
                var placed = 0;
                for (; placed < _positions.Length; placed++)
                {
                    var positions = _positions[placed];
                    var count = 0;
                    for (var p = 0; p < positions.Length; p++)
                    {
                        if ((blocked & positions[p].Cells) == UInt128.Zero)
                        {
                            candidates[count++] = p;
                        }
                    }
                    if (count == 0)
                    {
                        break; // boxed in: start again
                    }
                    var (cells, blocks) = positions[candidates[rng.NextInt(count)]];
                    masks[placed] = cells;
                    blocked |= blocks;
                }
                if (placed == _positions.Length)
                {
                    return;
                }
            }
        }

        private static UInt128 Neighbourhood(UInt128 mask, int rows, int columns)
        {
            var halo = UInt128.Zero;
            foreach (var cell in TestBoards.CellsOf(mask))
            {
                var (row, column) = (cell / columns, cell % columns);
                for (var r = Math.Max(0, row - 1); r <= Math.Min(rows - 1, row + 1); r++)
                {
                    for (var c = Math.Max(0, column - 1); c <= Math.Min(columns - 1, column + 1); c++)
                    {
                        halo |= UInt128.One << (r * columns + c);
                    }
                }
            }
            return halo;
        }

        private void Enumerate(UInt128[] masks, int ship, UInt128 blocked)
        {
            if (ship == masks.Length)
            {
                Index.Add(LayoutKey.Of(masks), Index.Count);
                return;
            }
            foreach (var (cells, blocks) in _positions[ship])
            {
                if ((blocked & cells) == UInt128.Zero)
                {
                    masks[ship] = cells;
                    Enumerate(masks, ship + 1, blocked | blocks);
                }
            }
        }
    }
}
