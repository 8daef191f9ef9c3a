using Battleship.Engine.Policies;

namespace Battleship.Engine.Tests.Policies;

/// <summary><see cref="ProbabilityDensityPolicy.HitProbabilities"/>: the density agent's view of a position as chances per cell.</summary>
public class HitProbabilityTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Fact]
    public void HitProbabilities_OnAnEmptyBoard_AreEachShipsShareOfPlacements_Summed()
    {
        var view = new TargetView(Rules, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111);
        var expected = new double[Rules.Cells];
        foreach (var ship in Rules.Fleet)
        {
            var masks = AllPlacements(ship.Length);
            foreach (var mask in masks)
            {
                for (var cell = 0; cell < Rules.Cells; cell++)
                {
                    expected[cell] += Bitboard.Contains(mask, cell) ? 1.0 / masks.Count : 0;
                }
            }
        }

        var probabilities = Analyse(view);

        for (var cell = 0; cell < Rules.Cells; cell++)
        {
            Assert.Equal(expected[cell], probabilities[cell], 5);
        }
        Assert.Equal(Rules.FleetCells, probabilities.Sum(), 3); // every ship cell is somewhere
        Assert.True(probabilities[Rules.CellAt(4, 4)] > probabilities[Rules.CellAt(0, 0)]);
    }

    [Fact]
    public void HitProbabilities_FiredCellsAreZero_AndEveryValueIsAChance()
    {
        var rng = new Rng(21);
        var ocean = new Ocean(FleetLayout.Random(Rules, ref rng));
        for (var turn = 0; turn < 60 && !ocean.AllSunk; turn++)
        {
            var probabilities = Analyse(ocean.View);

            for (var cell = 0; cell < Rules.Cells; cell++)
            {
                Assert.InRange(probabilities[cell], 0f, 1f);
                if (Bitboard.Contains(ocean.View.Shots, cell))
                {
                    Assert.Equal(0f, probabilities[cell]);
                }
            }
            ocean.Fire(ShotPolicies.ProbabilityDensity.SelectShot(ocean.View, ref rng));
        }
    }

    [Fact]
    public void HitProbabilities_WithAnUnresolvedHit_PeakWhereTheDensityAgentFires()
    {
        var hit = Bitboard.Bit(Rules.CellAt(6, 2));
        var view = new TargetView(Rules, hit, hit, UInt128.Zero, 0b11111);

        var probabilities = Analyse(view);
        var best = probabilities.Max();

        for (ulong seed = 0; seed < 20; seed++)
        {
            var rng = new Rng(seed);
            Assert.Equal(best, probabilities[ShotPolicies.ProbabilityDensity.SelectShot(view, ref rng)]);
        }
        Assert.All(
            Enumerable.Range(0, Rules.Cells).Where(c => !Bitboard.Contains(Rules.Neighbours(hit), c)),
            c => Assert.True(probabilities[c] < best)
        );
    }

    [Fact]
    public void HitProbabilities_ShipsAlreadySunk_AndTheirCellsCountForNothing()
    {
        // Only the destroyer (length 2) is afloat; the open cells are a 1×1 pocket and a 1×2 gap.
        var open = Bitboard.Bit(Rules.CellAt(0, 0)) | Bitboard.Bit(Rules.CellAt(9, 8)) | Bitboard.Bit(Rules.CellAt(9, 9));
        var view = new TargetView(Rules, Rules.BoardMask & ~open, UInt128.Zero, UInt128.Zero, 1u << 4);

        var probabilities = Analyse(view);

        Assert.Equal(0f, probabilities[Rules.CellAt(0, 0)]);
        Assert.Equal(1f, probabilities[Rules.CellAt(9, 8)]);
        Assert.Equal(1f, probabilities[Rules.CellAt(9, 9)]);
        Assert.Equal(2f, probabilities.Sum());
    }

    [Fact]
    public void HitProbabilities_NeedRoomForEveryCell()
    {
        var view = new TargetView(Rules, UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111);

        Assert.Throws<ArgumentException>(() => ProbabilityDensityPolicy.HitProbabilities(view, new float[Rules.Cells - 1]));
    }

    private static float[] Analyse(in TargetView view)
    {
        var probabilities = new float[Rules.Cells];
        ProbabilityDensityPolicy.HitProbabilities(view, probabilities);
        return probabilities;
    }

    private static List<UInt128> AllPlacements(int length)
    {
        var masks = new List<UInt128>();
        foreach (var orientation in new[] { Orientation.Horizontal, Orientation.Vertical })
        {
            for (var row = 0; row < Rules.Rows; row++)
            {
                for (var column = 0; column < Rules.Columns; column++)
                {
                    var mask = Rules.ShipMask(row, column, orientation, length);
                    if (mask != UInt128.Zero)
                    {
                        masks.Add(mask);
                    }
                }
            }
        }
        return masks;
    }
}
