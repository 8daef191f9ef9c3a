using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;

namespace Battleship.Engine.Tests.Policies;

public class PolicyTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    public static TheoryData<string> PolicyNames => [.. ShotPolicies.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void EveryPolicy_FiresOnlyAtUnshotCells_AndSinksTheFleetWithinTheBoard(string name)
    {
        var policy = ShotPolicies.Find(name)!;
        for (ulong seed = 0; seed < 200; seed++)
        {
            var rng = new Rng(seed);
            var ocean = new Ocean(FleetLayout.Random(Rules, ref rng));

            var shots = PolicyEvaluator.PlayOut(ocean, policy, ref rng); // throws if a shot is refused

            Assert.True(ocean.AllSunk);
            Assert.InRange(shots, Rules.FleetCells, Rules.Cells);
        }
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void EveryPolicy_IsDeterministicForASeed(string name)
    {
        PolicyGames.AssertReproducibleFromTheSeed(ShotPolicies.Find(name)!);
    }

    [Fact]
    public void Find_IsCaseInsensitive_AndUnknownNamesGiveNull()
    {
        Assert.Same(ShotPolicies.ProbabilityDensity, ShotPolicies.Find("Density"));
        Assert.Null(ShotPolicies.Find("oracle"));
        Assert.Equal(
            ["random", "hunt", "parity", "hunt-sunk", "parity-sunk", "density", "posterior"],
            ShotPolicies.All.Select(p => p.Name)
        );
    }

    [Fact]
    public void Random_FirstShot_IsUniformOverTheBoard()
    {
        var counts = new int[Rules.Cells];
        var view = new TargetView(Rules, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111);
        var rng = new Rng(3);
        const int draws = 200_000;

        for (var i = 0; i < draws; i++)
        {
            counts[ShotPolicies.Random.SelectShot(view, ref rng)]++;
        }

        // Chi-square with 99 degrees of freedom: the 0.999 quantile is 148.2.
        var expected = (double)draws / Rules.Cells;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 148.2, $"chi-square {chiSquare:F1}");
    }

    [Fact]
    public void Random_NeverRepeats_AndTakesTheLastFreeCell()
    {
        var shots = Rules.BoardMask & ~Bitboard.Bit(42);
        var view = new TargetView(Rules, shots, UInt128.Zero, UInt128.Zero, 0b11111);
        var rng = new Rng(1);

        Assert.Equal(42, ShotPolicies.Random.SelectShot(view, ref rng));
    }

    [Theory]
    [InlineData("hunt")]
    [InlineData("parity")]
    [InlineData("hunt-sunk")]
    [InlineData("parity-sunk")]
    public void HuntTarget_AfterAHit_FiresNextToIt(string name)
    {
        var policy = ShotPolicies.Find(name)!;
        var hit = Rules.CellAt(4, 4);
        var view = new TargetView(Rules, Bitboard.Bit(hit), Bitboard.Bit(hit), UInt128.Zero, 0b11111);
        int[] neighbours = [Rules.CellAt(3, 4), Rules.CellAt(5, 4), Rules.CellAt(4, 3), Rules.CellAt(4, 5)];

        for (ulong seed = 0; seed < 50; seed++)
        {
            var rng = new Rng(seed);
            Assert.Contains(policy.SelectShot(view, ref rng), neighbours);
        }
    }

    [Fact]
    public void HuntTarget_AtTheRightEdge_DoesNotWrapToTheNextRow()
    {
        var hit = Rules.CellAt(2, 9);
        var view = new TargetView(Rules, Bitboard.Bit(hit), Bitboard.Bit(hit), UInt128.Zero, 0b11111);
        int[] neighbours = [Rules.CellAt(1, 9), Rules.CellAt(3, 9), Rules.CellAt(2, 8)];

        for (ulong seed = 0; seed < 50; seed++)
        {
            var rng = new Rng(seed);
            Assert.Contains(ShotPolicies.HuntTarget.SelectShot(view, ref rng), neighbours);
        }
    }

    [Fact]
    public void Parity_Hunts_OnlyOnEvenCells()
    {
        var misses = Bitboard.Bit(0) | Bitboard.Bit(2);
        var view = new TargetView(Rules, misses, UInt128.Zero, UInt128.Zero, 0b11111);

        for (ulong seed = 0; seed < 200; seed++)
        {
            var rng = new Rng(seed);
            var cell = ShotPolicies.ParityHuntTarget.SelectShot(view, ref rng);
            Assert.Equal(0, (cell / 10 + cell % 10) % 2);
            Assert.False(Bitboard.Contains(misses, cell));
        }
    }

    [Fact]
    public void SunkAware_AfterASinking_HuntsInsteadOfTargetingTheWreck()
    {
        // A destroyer at (0,0)-(0,1), hit twice and sunk: the classic policy keeps probing its
        // neighbours, the sunk-aware one goes back to hunting on the checkerboard.
        var wreck = Bitboard.Bit(0) | Bitboard.Bit(1);
        var view = new TargetView(Rules, wreck, wreck, wreck, 0b01111);
        var wreckNeighbours = Bitboard.Bit(2) | Bitboard.Bit(10) | Bitboard.Bit(11);

        var sunkAwareCells = new HashSet<int>();
        for (ulong seed = 0; seed < 200; seed++)
        {
            var rng = new Rng(seed);
            var sunkAware = ShotPolicies.ParityHuntTargetWithSunk.SelectShot(view, ref rng);
            var classic = ShotPolicies.ParityHuntTarget.SelectShot(view, ref rng);

            Assert.True(Bitboard.Contains(wreckNeighbours, classic));
            Assert.Equal(0, (sunkAware / 10 + sunkAware % 10) % 2);
            sunkAwareCells.Add(sunkAware);
        }
        // Hunting spreads over the 48 unshot even cells, not the wreck's two even neighbours.
        Assert.True(sunkAwareCells.Count > 30, $"{sunkAwareCells.Count} distinct cells");
    }

    [Fact]
    public void Density_OnAnEmptyBoard_FiresAtACellWithTheMostPlacements()
    {
        var view = new TargetView(Rules, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111);
        var counts = CountPlacementsByBruteForce(blocked: UInt128.Zero);
        var best = counts.Max();

        for (ulong seed = 0; seed < 50; seed++)
        {
            var rng = new Rng(seed);
            Assert.Equal(best, counts[ShotPolicies.ProbabilityDensity.SelectShot(view, ref rng)]);
        }
    }

    [Fact]
    public void Density_WithMisses_ScoresOnlyPlacementsThatAvoidThem()
    {
        // Misses on a whole row and a whole column shape the density; the brute-force count agrees.
        var misses = UInt128.Zero;
        for (var i = 0; i < 10; i++)
        {
            misses |= Bitboard.Bit(Rules.CellAt(3, i)) | Bitboard.Bit(Rules.CellAt(i, 6));
        }
        var view = new TargetView(Rules, misses, UInt128.Zero, UInt128.Zero, 0b11111);
        var counts = CountPlacementsByBruteForce(misses);
        var best = Enumerable.Range(0, Rules.Cells).Where(c => !Bitboard.Contains(misses, c)).Max(c => counts[c]);

        var rng = new Rng(11);
        var cell = ShotPolicies.ProbabilityDensity.SelectShot(view, ref rng);

        Assert.False(Bitboard.Contains(misses, cell));
        Assert.Equal(best, counts[cell]);
    }

    [Theory]
    [InlineData("density", 20)]
    [InlineData("posterior", 10)]
    public void DensityAndPosterior_WithAnUnresolvedHit_FireNextToIt(string name, int seeds)
    {
        var policy = ShotPolicies.Find(name)!;
        var hit = Bitboard.Bit(Rules.CellAt(6, 2));
        var view = new TargetView(Rules, hit, hit, UInt128.Zero, 0b11111);
        var neighbours = Rules.Neighbours(hit);

        for (ulong seed = 0; seed < (ulong)seeds; seed++)
        {
            var rng = new Rng(seed);
            var cell = policy.SelectShot(view, ref rng);
            Assert.True(Bitboard.Contains(neighbours, cell), $"seed {seed}: cell {cell}");
        }
    }

    [Theory]
    [InlineData("density", 20)]
    [InlineData("posterior", 10)]
    public void DensityAndPosterior_WithTwoAlignedHits_ExtendTheLine(string name, int seeds)
    {
        var policy = ShotPolicies.Find(name)!;
        var hits = Bitboard.Bit(Rules.CellAt(5, 4)) | Bitboard.Bit(Rules.CellAt(5, 5));
        var view = new TargetView(Rules, hits, hits, UInt128.Zero, 0b11111);
        int[] lineEnds = [Rules.CellAt(5, 3), Rules.CellAt(5, 6)];

        for (ulong seed = 0; seed < (ulong)seeds; seed++)
        {
            var rng = new Rng(seed);
            Assert.Contains(policy.SelectShot(view, ref rng), lineEnds);
        }
    }

    [Fact]
    public void Density_IgnoresShipsAlreadySunk()
    {
        // Only the destroyer (length 2) is afloat and every cell but a 1×1 pocket and a 1×2 gap is
        // shot: the pocket cannot hold it, so the policy fires into the gap.
        var open = Bitboard.Bit(Rules.CellAt(0, 0)) | Bitboard.Bit(Rules.CellAt(9, 8)) | Bitboard.Bit(Rules.CellAt(9, 9));
        var view = new TargetView(Rules, Rules.BoardMask & ~open, UInt128.Zero, UInt128.Zero, 1u << 4);

        var rng = new Rng(5);
        var cell = ShotPolicies.ProbabilityDensity.SelectShot(view, ref rng);

        Assert.Contains(cell, new[] { Rules.CellAt(9, 8), Rules.CellAt(9, 9) });
    }

    private static int[] CountPlacementsByBruteForce(UInt128 blocked)
    {
        var counts = new int[Rules.Cells];
        foreach (var ship in Rules.Fleet)
        {
            foreach (var orientation in new[] { Orientation.Horizontal, Orientation.Vertical })
            {
                for (var row = 0; row < Rules.Rows; row++)
                {
                    for (var column = 0; column < Rules.Columns; column++)
                    {
                        var mask = Rules.ShipMask(row, column, orientation, ship.Length);
                        if (mask == UInt128.Zero || (mask & blocked) != UInt128.Zero)
                        {
                            continue;
                        }
                        for (var cell = 0; cell < Rules.Cells; cell++)
                        {
                            counts[cell] += Bitboard.Contains(mask, cell) ? 1 : 0;
                        }
                    }
                }
            }
        }
        return counts;
    }
}
