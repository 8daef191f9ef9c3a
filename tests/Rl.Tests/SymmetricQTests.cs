using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Trainer.Dqn;
using static TorchSharp.torch;

namespace Battleship.Rl.Tests;

public sealed class SymmetricQTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Fact]
    public void Forward_IsTheMeanOfTheNetworksValuesOfEveryImage_MovedBackToTheOriginalCells()
    {
        using var network = new QNetwork(Rules, TestConfig.Tiny, seed: 5);
        using var symmetric = new QEnsemble(Rules, [network], averageSymmetries: true, ownsMembers: false);
        var symmetry = new BoardSymmetry(Rules);
        var observation = Observation(seed: 4);
        var expected = new double[Rules.Cells];
        for (var k = 0; k < symmetry.Count; k++)
        {
            var image = (float[])observation.Clone();
            symmetry.Apply(k, image);
            var q = QInference.QValues(network, image, 1);
            for (var cell = 0; cell < Rules.Cells; cell++)
            {
                expected[cell] += q[symmetry.Map(k, cell)] / (double)symmetry.Count;
            }
        }

        var actual = QInference.QValues(symmetric, observation, 1);

        Assert.Equal(8, symmetry.Count);
        for (var cell = 0; cell < Rules.Cells; cell++)
        {
            Assert.Equal(expected[cell], actual[cell], 5);
        }
    }

    [Fact]
    public void Forward_OfATurnedOrMirroredBoard_IsTheTurnedOrMirroredValues()
    {
        using var network = new QNetwork(Rules, TestConfig.Tiny, seed: 6);
        using var symmetric = new QEnsemble(Rules, [network], averageSymmetries: true, ownsMembers: false);
        var symmetry = new BoardSymmetry(Rules);
        var observation = Observation(seed: 9);
        var values = QInference.QValues(symmetric, observation, 1);
        var plain = QInference.QValues(network, observation, 1);

        for (var k = 1; k < symmetry.Count; k++)
        {
            var image = (float[])observation.Clone();
            symmetry.Apply(k, image);

            var moved = QInference.QValues(symmetric, image, 1);

            for (var cell = 0; cell < Rules.Cells; cell++)
            {
                Assert.Equal(values[cell], moved[symmetry.Map(k, cell)], 5);
            }
        }
        // An untrained network is not symmetric by itself: the average is not the plain forward pass.
        Assert.Contains(Enumerable.Range(0, Rules.Cells), cell => Math.Abs(values[cell] - plain[cell]) > 1e-4);
    }

    [Fact]
    public void Policy_AveragesSymmetries_UnlessItsConfigurationSaysNot()
    {
        var averaged = TestConfig.TempDirectory();
        var single = TestConfig.TempDirectory();
        QNetworkTests.SaveFreshCheckpoint(averaged, TestConfig.Tiny);
        File.Copy(Path.Combine(averaged, DqnLearner.OnlineFileName), Path.Combine(single, DqnLearner.OnlineFileName));
        (TestConfig.Tiny with { AverageSymmetries = false }).Save(Path.Combine(single, Checkpoints.ConfigFile));
        var ocean = new Ocean(FleetLayout.Random(Rules, seed: 2));
        ocean.Fire(0);
        ocean.Fire(55);
        using var averagedPolicy = DqnPolicy.Load(averaged);
        using var singlePolicy = DqnPolicy.Load(single);
        var observation = new float[ObservationEncoder.Size(Rules)];
        ObservationEncoder.Encode(ocean.View, observation);
        using var network = new QNetwork(Rules, TestConfig.Tiny);
        network.load(Path.Combine(averaged, DqnLearner.OnlineFileName));
        using var symmetric = new QEnsemble(Rules, [network], averageSymmetries: true, ownsMembers: false);

        var withAverage = averagedPolicy.QValues(ocean.View);
        var without = singlePolicy.QValues(ocean.View);

        Assert.True(TestConfig.Tiny.AverageSymmetries);
        Assert.Equal(QInference.QValues(symmetric, observation, 1), withAverage);
        Assert.Equal(QInference.QValues(network, observation, 1), without);
        Assert.NotEqual(withAverage, without);
    }

    [Fact]
    public void FirstBest_TakesTheLowestCellWithinTheToleranceOfTheBest_AmongOpenCellsOnly()
    {
        float[] q = [0.5f, 0.9f, 0.9f - (SymmetricQ.TieTolerance / 2), 0.95f, 0.9f + (SymmetricQ.TieTolerance / 4)];
        var open = Bitboard.Bit(0) | Bitboard.Bit(1) | Bitboard.Bit(2) | Bitboard.Bit(4);
        using var rows = tensor(
            new[]
            {
                0.5f,
                0.9f,
                0.9f - (SymmetricQ.TieTolerance / 2),
                float.NegativeInfinity,
                0.9f + (SymmetricQ.TieTolerance / 4),
                0.3f,
                0.2f,
                0.1f,
                0.2f,
                0.3f,
            },
            [2, 5]
        );

        var tolerance = SymmetricQ.TieTolerance;

        Assert.Equal(1, QInference.FirstBest(q, open, tolerance));
        Assert.Equal(3, QInference.FirstBest(q, open | Bitboard.Bit(3), tolerance));
        Assert.Equal(-1, QInference.FirstBest(q, UInt128.Zero, tolerance));
        Assert.Equal([1L, 0L], QInference.FirstBest(rows, tolerance).data<long>().ToArray());
        // Without a tolerance: the best cell, the first of equal maxima (as argmax).
        Assert.Equal(4, QInference.FirstBest(q, open, 0f));
        Assert.Equal([4L, 0L], QInference.FirstBest(rows, 0f).data<long>().ToArray());
    }

    private static float[] Observation(ulong seed)
    {
        var ocean = new Ocean(FleetLayout.Random(Rules, seed));
        var rng = new Rng(seed);
        while (ocean.ShotCount < 30 && !ocean.AllSunk)
        {
            ocean.TryFire(rng.NextInt(Rules.Cells), out _);
        }
        var observation = new float[ObservationEncoder.Size(Rules)];
        ObservationEncoder.Encode(ocean.View, observation);
        return observation;
    }
}
