using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;

namespace Battleship.Engine.Tests.Policies;

/// <summary>
/// <see cref="PosteriorPolicy"/>: it fires only where a consistent fleet can have a ship, and its
/// sampler is uniform over consistent fleets: on small boards the cell frequencies of many samples
/// are compared with exact enumeration, by a model written here, of every consistent fleet.
/// </summary>
public sealed class PosteriorPolicyTests
{
    private static readonly GameRules Standard = GameRules.Standard;
    private static readonly GameRules NoTouching = new(10, 10, GameRules.StandardFleet, shipsMayTouch: false);

    [Fact]
    public void SelectShot_NeverFiresAtAFiredCell_OverWholeGames()
    {
        var policy = new PosteriorPolicy(samples: 200);
        foreach (var rules in new[] { Standard, NoTouching })
        {
            for (ulong seed = 0; seed < 20; seed++)
            {
                // Arrange
                var rng = new Rng(seed);
                var ocean = new Ocean(FleetLayout.Random(rules, ref rng));
                var shots = 0;

                // Act
                while (!ocean.AllSunk)
                {
                    var view = ocean.View;
                    var cell = policy.SelectShot(view, ref rng);

                    // Assert
                    Assert.True(Bitboard.Contains(view.Unshot, cell), $"seed {seed}: cell {cell} was fired at before");
                    ocean.Fire(cell);
                    shots++;
                }
                Assert.InRange(shots, rules.FleetCells, rules.Cells);
            }
        }
    }

    [Fact]
    public void SelectShot_WhenOnlyOneCellCanHoldTheLastShip_FiresThere()
    {
        // Arrange: only the destroyer is afloat, hit at (0,0) with a miss at (0,1): it can only
        // lie on (0,0)-(1,0), though the rest of the board is open water nobody fired at.
        var hit = Bitboard.Bit(Standard.CellAt(0, 0));
        var miss = Bitboard.Bit(Standard.CellAt(0, 1));
        var view = new TargetView(Standard, hit | miss, hit, UInt128.Zero, 1u << Standard.FleetIndexOf(ShipType.Destroyer));
        var probabilities = new float[Standard.Cells];

        for (ulong seed = 0; seed < 10; seed++)
        {
            var rng = new Rng(seed);

            // Act
            var cell = ShotPolicies.Posterior.SelectShot(view, ref rng);
            var samples = ((PosteriorPolicy)ShotPolicies.Posterior).HitProbabilities(view, ref rng, probabilities);

            // Assert
            Assert.Equal(Standard.CellAt(1, 0), cell);
            Assert.Equal(PosteriorPolicy.DefaultSamples, samples);
            Assert.Equal(1f, probabilities[Standard.CellAt(1, 0)]);
            Assert.Equal(1f, probabilities.Sum());
        }
    }

    [Fact]
    public void HitProbabilities_AreZeroAtFiredCells_AndSumToTheShipCellsNotYetHit()
    {
        // Arrange: a few misses, a sunk destroyer and an unresolved hit.
        var destroyer = Bitboard.Bit(Standard.CellAt(9, 8)) | Bitboard.Bit(Standard.CellAt(9, 9));
        var hit = Bitboard.Bit(Standard.CellAt(4, 4));
        var misses = Bitboard.Bit(Standard.CellAt(0, 0)) | Bitboard.Bit(Standard.CellAt(5, 5)) | Bitboard.Bit(Standard.CellAt(4, 5));
        var view = new TargetView(Standard, destroyer | hit | misses, destroyer | hit, destroyer, 0b01111);
        var probabilities = new float[Standard.Cells];
        var rng = new Rng(4);

        // Act
        var samples = ShotPolicies.Posterior is PosteriorPolicy posterior ? posterior.HitProbabilities(view, ref rng, probabilities) : 0;

        // Assert: 5 + 4 + 3 + 3 ship cells afloat, one of them already hit.
        Assert.Equal(PosteriorPolicy.DefaultSamples, samples);
        foreach (var cell in TestCells(view.Shots))
        {
            Assert.Equal(0f, probabilities[cell]);
        }
        Assert.Equal(14.0, probabilities.Sum(), 3);
    }

    [Fact]
    public void NoTouchingRules_NoShipIsPlacedNextToASunkShip()
    {
        // Arrange: the carrier sunk along row 2; under no-touching rules rows 1 and 3 next to it
        // (and the cells at its ends) cannot hold a ship, while they can when ships may touch.
        var carrier = UInt128.Zero;
        for (var column = 2; column < 7; column++)
        {
            carrier |= Bitboard.Bit(Standard.CellAt(2, column));
        }
        var halo = NoTouching.Halo(carrier) & ~carrier;
        var probabilities = new float[Standard.Cells];
        var policy = new PosteriorPolicy(samples: 2_000);

        // Act
        var rng = new Rng(2);
        policy.HitProbabilities(new TargetView(NoTouching, carrier, carrier, carrier, 0b11110), ref rng, probabilities);
        var noTouching = probabilities.ToArray();
        policy.HitProbabilities(new TargetView(Standard, carrier, carrier, carrier, 0b11110), ref rng, probabilities);
        var mayTouch = probabilities.ToArray();

        // Assert
        Assert.Equal(16, Bitboard.Count(halo));
        foreach (var cell in TestCells(halo))
        {
            Assert.Equal(0f, noTouching[cell]);
            Assert.True(mayTouch[cell] > 0f, $"cell {cell}");
        }
    }

    [Fact]
    public void NoTouchingRules_OverWholeGames_NeverFiresNextToASunkShip()
    {
        var policy = new PosteriorPolicy(samples: 200);
        for (ulong seed = 0; seed < 10; seed++)
        {
            // Arrange
            var rng = new Rng(seed);
            var ocean = new Ocean(FleetLayout.Random(NoTouching, ref rng));

            while (!ocean.AllSunk)
            {
                // Act
                var view = ocean.View;
                var cell = policy.SelectShot(view, ref rng);

                // Assert
                Assert.False(Bitboard.Contains(NoTouching.Halo(view.SunkCells), cell), $"seed {seed}: cell {cell} touches a sunk ship");
                ocean.Fire(cell);
            }
        }
    }

    [Fact]
    public void AWoundedShip_IsSunkBeforeHuntingResumes()
    {
        // Arrange: the standard test layout (rows 1 and 3 empty); the first shot hits the
        // battleship (row 2, columns 0-3) at (2,1).
        var ocean = new Ocean(FleetLayout.Create(Standard, Rules.TestBoards.StandardPlacements));
        ocean.Fire(Standard.CellAt(2, 1));
        var battleship = Standard.FleetIndexOf(ShipType.Battleship);
        var rng = new Rng(8);
        var misses = 0;

        // Act: fire until the battleship sinks.
        while (ocean.View.IsAfloat(battleship))
        {
            var targets = Standard.Neighbours(ocean.View.UnresolvedHits);
            var cell = ShotPolicies.Posterior.SelectShot(ocean.View, ref rng);

            // Assert: every shot is next to a hit on the wounded ship.
            Assert.True(Bitboard.Contains(targets, cell), $"cell {cell}");
            misses += ocean.Fire(cell).Outcome == ShotOutcome.Miss ? 1 : 0;
        }

        // Assert: at most one miss above and below the first hit and one past the row's end.
        Assert.Equal(4, Bitboard.Count(ocean.Hits));
        Assert.InRange(misses, 0, 3);
    }

    [Fact]
    public void SelectShot_IsDeterministic_ForTheSameViewAndGeneratorState()
    {
        // Arrange
        var hit = Bitboard.Bit(Standard.CellAt(3, 3));
        var misses = Bitboard.Bit(Standard.CellAt(3, 4)) | Bitboard.Bit(Standard.CellAt(7, 1));
        var view = new TargetView(Standard, hit | misses, hit, UInt128.Zero, 0b11111);
        var policy = new PosteriorPolicy(samples: 300);
        var first = new Rng(12);
        var second = new Rng(12);

        // Act
        var a = policy.SelectShot(view, ref first);
        var b = policy.SelectShot(view, ref second);

        // Assert: same shot, and the generators advanced alike.
        Assert.Equal(a, b);
        Assert.Equal(first.NextUInt64(), second.NextUInt64());
    }

    [Fact]
    public void WholeGames_AreReproducibleFromTheSeed()
    {
        PolicyGames.AssertReproducibleFromTheSeed(new PosteriorPolicy(samples: 200));
    }

    /// <summary>Small boards and views on which every consistent fleet is enumerated.</summary>
    public static TheoryData<string> Cases { get; } =
    [
        "4x4 C3 D2, nothing fired",
        "4x4 C3 D2, misses and a hit",
        "4x4 C3 D2 S1, two separate hits",
        "5x5 C3 D2 S1, a sunk ship and a hit",
        "5x5 C3 D2 S1, two adjacent hits",
        "5x5 C3 D2 no-touching, a sunk ship and a hit",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void HitProbabilities_MatchExactEnumerationOfConsistentFleets(string name)
    {
        // Arrange
        var view = CaseView(name);
        var exact = ExactProbabilities(view, out var fleets);
        var policy = new PosteriorPolicy(samples: 200_000);
        var estimated = new float[view.Rules.Cells];
        var rng = new Rng(17);

        // Act
        var samples = policy.HitProbabilities(view, ref rng, estimated);

        // Assert: a cell's frequency over 200,000 independent fleets has a standard error of at
        // most 0.0012, so 0.01 is more than eight of them.
        Assert.True(fleets > 1, $"{fleets} consistent fleets");
        Assert.Equal(200_000, samples);
        for (var cell = 0; cell < view.Rules.Cells; cell++)
        {
            Assert.True(
                Math.Abs(exact[cell] - estimated[cell]) < 0.01,
                $"cell {cell}: exact {exact[cell]:F4}, sampled {estimated[cell]:F4}"
            );
        }
    }

    [Theory]
    [InlineData("4x4 C3 D2 S1, two separate hits")]
    [InlineData("5x5 C3 D2 S1, a sunk ship and a hit")]
    [InlineData("5x5 C3 D2 S1, two adjacent hits")]
    [InlineData("5x5 C3 D2 no-touching, a sunk ship and a hit")]
    public void SampledFleets_FollowTheExactJointDistribution(string name)
    {
        // Arrange: with one sample per call, HitProbabilities is exactly the sampled fleet's
        // unfired cells (1 where it has a ship, 0 elsewhere). Matching frequencies per cell could
        // hide a wrong joint distribution; the frequency of each pattern of occupied cells cannot.
        var view = CaseView(name);
        var exact = ExactPatterns(view, out var fleets);
        var policy = new PosteriorPolicy(samples: 1);
        var probabilities = new float[view.Rules.Cells];
        var rng = new Rng(23);
        const int draws = 60_000;
        var observed = exact.Keys.ToDictionary(k => k, _ => 0L);

        // Act
        for (var i = 0; i < draws; i++)
        {
            Assert.Equal(1, policy.HitProbabilities(view, ref rng, probabilities));
            var pattern = UInt128.Zero;
            for (var cell = 0; cell < probabilities.Length; cell++)
            {
                pattern |= probabilities[cell] == 1f ? UInt128.One << cell : UInt128.Zero;
            }
            Assert.True(observed.ContainsKey(pattern), "a pattern no consistent fleet has");
            observed[pattern]++;
        }

        // Assert: Pearson's chi-square against the exact probabilities, at p = 0.001.
        var chiSquare = exact.Sum(e =>
        {
            var expected = draws * (double)e.Value / fleets;
            return (observed[e.Key] - expected) * (observed[e.Key] - expected) / expected;
        });
        var critical = Rules.ChiSquare.CriticalValue(exact.Count - 1);
        Assert.True(exact.Count > 2, $"{exact.Count} patterns");
        Assert.True(chiSquare <= critical, $"chi-square {chiSquare:F1} above {critical:F1} ({exact.Count} patterns)");
    }

    [Fact]
    public void ExactEnumeration_DiffersFromIndependentShipCounts_SoTheComparisonCanTellThemApart()
    {
        // The uniformity test would be toothless if the joint posterior equalled what counting each
        // ship's placements on its own gives. On this view it does not, by far more than 0.01.
        var view = CaseView("4x4 C3 D2 S1, two separate hits");
        var exact = ExactProbabilities(view, out _);

        var independent = IndependentShipProbabilities(view);

        Assert.Contains(Enumerable.Range(0, view.Rules.Cells), cell => Math.Abs(exact[cell] - independent[cell]) > 0.05);
    }

    [Fact]
    public void NoConsistentFleet_FallsBackToTheDensityPolicy()
    {
        // Arrange: the destroyer is afloat but only isolated single cells are left unfired: no
        // fleet is consistent (a contradictory view), so nothing is sampled.
        var open = Bitboard.Bit(Standard.CellAt(0, 0)) | Bitboard.Bit(Standard.CellAt(5, 5)) | Bitboard.Bit(Standard.CellAt(9, 9));
        var view = new TargetView(Standard, Standard.BoardMask & ~open, UInt128.Zero, UInt128.Zero, 1u << 4);
        var probabilities = new float[Standard.Cells];
        var posterior = (PosteriorPolicy)ShotPolicies.Posterior;

        for (ulong seed = 0; seed < 10; seed++)
        {
            var rng = new Rng(seed);
            var densityRng = new Rng(seed);

            // Act
            var cell = posterior.SelectShot(view, ref rng);
            var samples = posterior.HitProbabilities(view, ref rng, probabilities);

            // Assert
            Assert.Equal(ShotPolicies.ProbabilityDensity.SelectShot(view, ref densityRng), cell);
            Assert.True(Bitboard.Contains(open, cell));
            Assert.Equal(0, samples);
            Assert.All(probabilities, p => Assert.Equal(0f, p));
        }
    }

    [Fact]
    public void TimeBudget_StopsSamplingEarly_OnTheInjectedClock()
    {
        // Arrange: a clock that moves one millisecond each time it is read, and a 5 ms budget: the
        // sampler reads it once at the start and once every 64 proposals, so it stops after about
        // 5 × 64 proposals whatever the machine.
        var view = new TargetView(Standard, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111);
        var policy = new PosteriorPolicy(samples: 100_000, TimeSpan.FromMilliseconds(5), new SteppingClock(TimeSpan.FromMilliseconds(1)));
        var probabilities = new float[Standard.Cells];
        var rng = new Rng(3);

        // Act
        var samples = policy.HitProbabilities(view, ref rng, probabilities);

        // Assert
        Assert.InRange(samples, 1, 5 * 64);
        Assert.Equal(Standard.FleetCells, probabilities.Sum(), 3);
    }

    [Fact]
    public void SelectShot_OnceWarm_AllocatesNothing()
    {
        // Arrange: every view of one seeded game (hunting, targeting, sinkings), decided once to
        // warm up the JIT and the array pool.
        var rng = new Rng(21);
        var ocean = new Ocean(FleetLayout.Random(Standard, ref rng));
        var views = new List<TargetView>();
        while (!ocean.AllSunk)
        {
            views.Add(ocean.View);
            ocean.Fire(ShotPolicies.Posterior.SelectShot(ocean.View, ref rng));
        }
        var policy = new PosteriorPolicy(samples: 100);
        var sum = views.Sum(v => policy.SelectShot(v, ref rng));

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var view in views)
        {
            sum += policy.SelectShot(view, ref rng);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Constructor_RefusesEmptyBudgets()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PosteriorPolicy(samples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PosteriorPolicy(timeBudget: TimeSpan.Zero));
    }

    [Fact]
    public void Evaluator_Posterior_NeedsFarFewerShotsThanHuntTarget_OnTheSameFleets()
    {
        // Arrange: 50 seeded games; hunt/target averages about 66 shots, the posterior about 45.
        var posterior = new PosteriorPolicy(samples: 300);

        // Act
        var mine = PolicyEvaluator.Evaluate(
            Standard,
            () => posterior,
            50,
            seed: 5,
            cancellationToken: TestContext.Current.CancellationToken
        );
        var hunt = PolicyEvaluator.Evaluate(
            Standard,
            () => ShotPolicies.HuntTarget,
            50,
            seed: 5,
            cancellationToken: TestContext.Current.CancellationToken
        );

        // Assert
        Assert.Equal("posterior", mine.Agent);
        Assert.True(mine.Mean < hunt.Mean - 10, $"posterior {mine.Mean:F2}, hunt {hunt.Mean:F2}");
    }

    private static TargetView CaseView(string name)
    {
        GameRules Small(int size, bool touch, params ShipSpec[] fleet) => new(size, size, fleet, shipsMayTouch: touch);
        UInt128 Cells(GameRules rules, params (int Row, int Column)[] cells) =>
            cells.Aggregate(UInt128.Zero, (mask, c) => mask | Bitboard.Bit(rules.CellAt(c.Row, c.Column)));
        ShipSpec c3 = new(ShipType.Cruiser, 3),
            d2 = new(ShipType.Destroyer, 2),
            s1 = new(ShipType.Submarine, 1);
        switch (name)
        {
            case "4x4 C3 D2, nothing fired":
            {
                var rules = Small(4, true, c3, d2);
                return new TargetView(rules, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11);
            }
            case "4x4 C3 D2, misses and a hit":
            {
                var rules = Small(4, true, c3, d2);
                var hit = Cells(rules, (1, 1));
                var misses = Cells(rules, (0, 0), (2, 2), (3, 1));
                return new TargetView(rules, hit | misses, hit, UInt128.Zero, 0b11);
            }
            case "4x4 C3 D2 S1, two separate hits":
            {
                var rules = Small(4, true, c3, d2, s1);
                var hits = Cells(rules, (0, 0), (3, 3));
                var misses = Cells(rules, (1, 1), (2, 2));
                return new TargetView(rules, hits | misses, hits, UInt128.Zero, 0b111);
            }
            case "5x5 C3 D2 S1, a sunk ship and a hit":
            {
                var rules = Small(5, true, c3, d2, s1);
                var sunk = Cells(rules, (4, 4)); // the one-cell submarine
                var hit = Cells(rules, (2, 2));
                var misses = Cells(rules, (0, 4), (2, 3), (4, 0));
                return new TargetView(rules, sunk | hit | misses, sunk | hit, sunk, 0b011);
            }
            case "5x5 C3 D2 S1, two adjacent hits":
            {
                // The destroyer cannot lie on exactly the two hits: it would have been announced sunk.
                var rules = Small(5, true, c3, d2, s1);
                var hits = Cells(rules, (2, 1), (2, 2));
                var misses = Cells(rules, (0, 0), (4, 3));
                return new TargetView(rules, hits | misses, hits, UInt128.Zero, 0b111);
            }
            case "5x5 C3 D2 no-touching, a sunk ship and a hit":
            {
                var rules = Small(5, false, c3, d2);
                var sunk = Cells(rules, (0, 0), (1, 0)); // the destroyer
                var hit = Cells(rules, (3, 2));
                var misses = Cells(rules, (4, 4));
                return new TargetView(rules, sunk | hit | misses, sunk | hit, sunk, 0b01);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }
    }

    /// <summary>Each cell's share of the consistent fleets (<see cref="ExactPatterns"/>) that have a ship there.</summary>
    private static double[] ExactProbabilities(TargetView view, out int fleets)
    {
        var counts = new long[view.Rules.Cells];
        foreach (var (pattern, count) in ExactPatterns(view, out fleets))
        {
            foreach (var cell in TestCells(pattern))
            {
                counts[cell] += count;
            }
        }
        var total = fleets;
        return [.. counts.Select(c => (double)c / total)];
    }

    /// <summary>
    /// Every consistent fleet, by brute force over all positions of every afloat ship, with the
    /// rules written out here, grouped by the unfired cells it occupies: how many fleets give each pattern.
    /// </summary>
    private static Dictionary<UInt128, int> ExactPatterns(TargetView view, out int fleets)
    {
        var rules = view.Rules;
        var afloat = Enumerable.Range(0, rules.Fleet.Length).Where(view.IsAfloat).ToArray();
        var positions = afloat.Select(i => LegalPositions(view, rules.Fleet[i].Length)).ToArray();
        var patterns = new Dictionary<UInt128, int>();
        var total = 0;
        var chosen = new UInt128[afloat.Length];

        void Visit(int k)
        {
            if (k == afloat.Length)
            {
                var union = chosen.Aggregate(UInt128.Zero, (a, b) => a | b);
                if ((union & view.UnresolvedHits) != view.UnresolvedHits)
                {
                    return;
                }
                total++;
                var pattern = union & ~view.Shots;
                patterns[pattern] = patterns.GetValueOrDefault(pattern) + 1;
                return;
            }
            foreach (var position in positions[k])
            {
                var clash = false;
                for (var j = 0; j < k && !clash; j++)
                {
                    clash = rules.ShipsMayTouch ? (chosen[j] & position) != UInt128.Zero : Touch(rules, chosen[j], position);
                }
                if (!clash)
                {
                    chosen[k] = position;
                    Visit(k + 1);
                }
            }
        }

        Visit(0);
        fleets = total;
        return patterns;
    }

    /// <summary>What counting each afloat ship's legal positions on its own gives, scaled to the same total: the density idea without hits' weights.</summary>
    private static double[] IndependentShipProbabilities(TargetView view)
    {
        var rules = view.Rules;
        var result = new double[rules.Cells];
        for (var i = 0; i < rules.Fleet.Length; i++)
        {
            if (!view.IsAfloat(i))
            {
                continue;
            }
            var positions = LegalPositions(view, rules.Fleet[i].Length);
            foreach (var position in positions)
            {
                foreach (var cell in TestCells(position & ~view.Shots))
                {
                    result[cell] += 1.0 / positions.Count;
                }
            }
        }
        return result;
    }

    /// <summary>Positions of a ship of <paramref name="length"/> on no miss, no sunk cell (nor next to one without touching), with a cell not fired at.</summary>
    private static List<UInt128> LegalPositions(TargetView view, int length)
    {
        var rules = view.Rules;
        var result = new List<UInt128>();
        foreach (var orientation in new[] { Orientation.Horizontal, Orientation.Vertical })
        {
            if (length == 1 && orientation == Orientation.Vertical)
            {
                continue;
            }
            for (var row = 0; row < rules.Rows; row++)
            {
                for (var column = 0; column < rules.Columns; column++)
                {
                    var mask = rules.ShipMask(row, column, orientation, length);
                    var onSunk = rules.ShipsMayTouch ? (mask & view.SunkCells) != UInt128.Zero : Touch(rules, mask, view.SunkCells);
                    if (mask != UInt128.Zero && (mask & view.Misses) == UInt128.Zero && !onSunk && (mask & ~view.Shots) != UInt128.Zero)
                    {
                        result.Add(mask);
                    }
                }
            }
        }
        return result;
    }

    /// <summary>Whether a cell of <paramref name="a"/> is on or next to (diagonals included) a cell of <paramref name="b"/>.</summary>
    private static bool Touch(GameRules rules, UInt128 a, UInt128 b)
    {
        foreach (var x in TestCells(a))
        {
            foreach (var y in TestCells(b))
            {
                if (Math.Abs(x / rules.Columns - y / rules.Columns) <= 1 && Math.Abs(x % rules.Columns - y % rules.Columns) <= 1)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static int[] TestCells(UInt128 mask) => Rules.TestBoards.CellsOf(mask);

    /// <summary>A clock that moves forward by <paramref name="step"/> every time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks += step.Ticks;
    }
}
