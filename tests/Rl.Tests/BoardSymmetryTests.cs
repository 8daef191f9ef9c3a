using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class BoardSymmetryTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Fact]
    public void SquareBoard_HasEightDistinctSymmetries_EachMovingEveryCellSomewhereElse_OrNowhere()
    {
        var symmetry = new BoardSymmetry(Rules);

        var maps = Enumerable
            .Range(0, symmetry.Count)
            .Select(s => Enumerable.Range(0, Rules.Cells).Select(c => symmetry.Map(s, c)).ToArray())
            .ToList();

        Assert.Equal(8, symmetry.Count);
        Assert.Equal(Enumerable.Range(0, Rules.Cells), maps[0]);
        Assert.All(maps, map => Assert.Equal(Enumerable.Range(0, Rules.Cells), map.Order()));
        Assert.Equal(8, maps.Select(m => string.Join(',', m)).Distinct().Count());
        // Corners go to corners under each of them.
        int[] corners = [0, 9, 90, 99];
        Assert.All(maps, map => Assert.Equal(corners, corners.Select(c => map[c]).Order()));
    }

    [Fact]
    public void RectangularBoard_HasTheFourThatKeepItsShape()
    {
        var rules = new GameRules(6, 10, GameRules.StandardFleet);

        var symmetry = new BoardSymmetry(rules);

        Assert.Equal(4, symmetry.Count);
        Assert.All(
            Enumerable.Range(0, 4),
            s => Assert.Equal(Enumerable.Range(0, rules.Cells), Enumerable.Range(0, rules.Cells).Select(c => symmetry.Map(s, c)).Order())
        );
    }

    [Fact]
    public void Symmetries_TakeAFleetToAFleetTheRulesAllow_AndAViewToTheViewOfThatFleet()
    {
        var symmetry = new BoardSymmetry(Rules);
        var fleet = FleetLayout.Random(Rules, seed: 8);
        var ocean = new Ocean(fleet);
        foreach (var cell in new[] { 0, 11, 22, 33, 44, 45, 46, 47 })
        {
            ocean.Fire(cell);
        }
        var observation = new float[ObservationEncoder.Size(Rules)];
        ObservationEncoder.Encode(ocean.View, observation);

        var masks = new UInt128[Rules.Fleet.Length];
        for (var s = 0; s < symmetry.Count; s++)
        {
            // The moved ship masks form a fleet: each still a straight run of its length.
            for (var i = 0; i < masks.Length; i++)
            {
                masks[i] = symmetry.Map(s, fleet.ShipMask(i));
            }
            var moved = new Ocean(Rules);
            moved.Reset(masks);
            foreach (var cell in new[] { 0, 11, 22, 33, 44, 45, 46, 47 })
            {
                moved.Fire(symmetry.Map(s, cell));
            }
            var expected = new float[observation.Length];
            ObservationEncoder.Encode(moved.View, expected);
            var actual = (float[])observation.Clone();

            symmetry.Apply(s, actual);

            Assert.Equal(expected, actual);
            Assert.Equal(symmetry.Map(s, fleet.Occupied), moved.Occupied);
        }
    }

    [Fact]
    public void Augment_MovesObservationActionAndFleetTogether_AndIsSeeded()
    {
        using var network = new QNetwork(Rules, TestConfig.Tiny);
        var batch = new SelfPlayWorker(Rules, TestConfig.Tiny, network, seed: 6).Collect(vectorSteps: 30, epsilon: 1.0);
        var symmetry = new BoardSymmetry(Rules);
        var original = ExperienceCopy(batch);
        var copy = ExperienceCopy(batch);
        var rng = new Rng(3);
        var again = new Rng(3);

        symmetry.Augment(batch, ref rng);
        symmetry.Augment(copy, ref again);

        var size = batch.ObservationSize;
        var moved = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var unknown = batch.Observations.AsSpan(i * size, Rules.Cells);
            // Still a legal shot of the moved position, and still a hit exactly where the moved fleet is.
            Assert.Equal(1f, unknown[batch.Actions[i]]);
            Assert.Equal(batch.Rewards[i] > 0, Bitboard.Contains(batch.Ships[i], batch.Actions[i]));
            moved += batch.Ships[i] == original.Ships[i] ? 0 : 1;
        }
        Assert.InRange(moved, batch.Count / 2, batch.Count); // 7 in 8 are moved (a fleet is rarely its own image)
        Assert.Equal(copy.Observations, batch.Observations); // the same seed moves both copies alike
        Assert.Equal(copy.Actions, batch.Actions);
        Assert.Equal(copy.Ships, batch.Ships);
    }

    private static TransitionBatch ExperienceCopy(TransitionBatch batch) =>
        Battleship.Trainer.Cluster.ExperienceCodec.Decode(Battleship.Trainer.Cluster.ExperienceCodec.Encode(batch));
}
