using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Trainer.Dqn;
using static TorchSharp.torch;

namespace Battleship.Rl.Tests;

public sealed class LearnerTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void TrainStep_ChangesTheParameters_AndCountsTheUpdate(double gamma)
    {
        using var learner = new DqnLearner(Rules, TestConfig.Tiny with { Gamma = gamma });
        var batch = SelfPlayBatch(TestConfig.Tiny, learner.Online);
        var before = Parameters(learner.Online);

        var loss = learner.TrainStep(batch);

        var after = Parameters(learner.Online);
        Assert.True(double.IsFinite(loss) && loss > 0);
        Assert.Equal(1, learner.Updates);
        Assert.Equal(before.Length, after.Length);
        Assert.Contains(Enumerable.Range(0, before.Length), i => before[i] != after[i]);
    }

    [Fact]
    public void TargetNetwork_FollowsTheOnlineOneOnlyAtTheInterval()
    {
        using var learner = new DqnLearner(Rules, TestConfig.Tiny with { TargetUpdateInterval = 2 });
        var batch = SelfPlayBatch(TestConfig.Tiny, learner.Online);
        var initial = Parameters(learner.Target);

        learner.TrainStep(batch);
        var afterOne = Parameters(learner.Target);
        learner.TrainStep(batch);
        var afterTwo = Parameters(learner.Target);

        Assert.Equal(initial, afterOne);
        Assert.Equal(Parameters(learner.Online), afterTwo);
    }

    [Fact]
    public void TrainStep_NonFiniteLoss_ThrowsTypedError_AndChangesNothing()
    {
        using var learner = new DqnLearner(Rules, TestConfig.Tiny);
        var batch = SelfPlayBatch(TestConfig.Tiny, learner.Online);
        batch.Rewards[0] = float.NaN;
        var before = Parameters(learner.Online);

        var error = Assert.Throws<TrainingDivergedException>(() => learner.TrainStep(batch));

        Assert.Equal(1, error.Update);
        Assert.Contains("not finite", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, learner.Updates);
        Assert.Equal(before, Parameters(learner.Online));
        Assert.True(learner.ParametersAreFinite());
    }

    [Fact]
    public void TrainStep_LossAboveTheThreshold_ThrowsTypedError()
    {
        using var learner = new DqnLearner(Rules, TestConfig.Tiny with { DivergenceLoss = 1e-9 });
        var batch = SelfPlayBatch(TestConfig.Tiny, learner.Online);

        var error = Assert.Throws<TrainingDivergedException>(() => learner.TrainStep(batch));

        Assert.Contains("above", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameSeed_SameLosses()
    {
        double[] Run()
        {
            using var learner = new DqnLearner(Rules, TestConfig.Tiny);
            var worker = new SelfPlayWorker(Rules, TestConfig.Tiny, learner.Online, seed: 3);
            var buffer = new ReplayBuffer(10_000, worker.ObservationSize);
            for (var i = 0; i < 4; i++)
            {
                worker.Step(0.5, buffer);
            }
            return [.. Enumerable.Range(0, 3).Select(_ => learner.TrainStep(buffer))];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Worker_CollectAndLoadWeights_SupportASeparateLearner()
    {
        using var learner = new DqnLearner(Rules, TestConfig.Tiny);
        using var workerNetwork = new QNetwork(Rules, TestConfig.Tiny, seed: 99);
        var worker = new SelfPlayWorker(Rules, TestConfig.Tiny, workerNetwork, seed: 5, firstEnvIndex: 32);

        worker.LoadWeights(learner.ExportWeights());
        var batch = worker.Collect(vectorSteps: 3, epsilon: 0.1);
        var buffer = new ReplayBuffer(1_000, worker.ObservationSize);
        buffer.Add(batch);

        Assert.Equal(Parameters(learner.Online), Parameters(workerNetwork));
        Assert.Equal(3 * 32, batch.Count);
        Assert.Equal(96, buffer.Count);
        Assert.True(double.IsFinite(learner.TrainStep(buffer)));
    }

    [Fact]
    public void SelfPlay_RecordsTheHiddenFleet_ThatEachShotsRewardAgreesWith()
    {
        using var network = new QNetwork(Rules, TestConfig.Tiny);
        var worker = new SelfPlayWorker(Rules, TestConfig.Tiny, network, seed: 4);

        var batch = worker.Collect(vectorSteps: 120, epsilon: 1.0); // past the end of some episodes

        Assert.Contains(batch.Dones, done => done);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(Rules.FleetCells, Bitboard.Count(batch.Ships[i]));
            Assert.Equal(batch.Rewards[i] > 0, Bitboard.Contains(batch.Ships[i], batch.Actions[i]));
        }
    }

    [Theory]
    [InlineData(DqnTargets.Board)] // each cell's target: 1 where the hidden fleet is, 0 elsewhere
    [InlineData(DqnTargets.Posterior)] // each cell's target: its sampled hit probability
    public void EveryCellTargets_LossIsTheMeanOverTheCellsNotFiredAt_OfEachCellsError(string targets)
    {
        var config = TestConfig.Tiny with { Targets = targets, PosteriorSamples = 100 };
        using var learner = new DqnLearner(Rules, config);
        var batch = SelfPlayBatch(config, learner.Online);
        using var input = tensor(batch.Observations, [batch.Count, batch.ObservationSize]);
        using var before = learner.Online.call(input);
        var q = before.data<float>().ToArray();
        var (sum, legal) = (0.0, 0);
        for (var i = 0; i < batch.Count; i++)
        {
            for (var cell = 0; cell < Rules.Cells; cell++)
            {
                if (batch.Observations[(i * batch.ObservationSize) + cell] == 0f)
                {
                    continue; // fired at: no target
                }
                var target =
                    targets == DqnTargets.Board
                        ? (Bitboard.Contains(batch.Ships[i], cell) ? 1.0 : 0.0)
                        : batch.HitProbabilities[(i * Rules.Cells) + cell];
                var error = Math.Abs(q[(i * Rules.Cells) + cell] - target);
                sum += error <= 1 ? 0.5 * error * error : error - 0.5; // Huber, delta 1
                legal++;
            }
        }

        var loss = learner.TrainStep(batch);

        Assert.Equal(sum / legal, loss, 4);
    }

    [Fact]
    public void BoardTargets_TeachCellsNeverFiredAt_WhereTheShipsAre()
    {
        // Nothing fired at, every shot at cell 0, and a hidden "fleet" on the top two rows: board
        // targets teach the network that the top rows hold ships and the middle does not, although
        // no shot ever landed in either (the action's own target says nothing about them).
        var config = TestConfig.Tiny with
        {
            Targets = DqnTargets.Board,
            LearningRate = 3e-3,
            LearningRateEnd = 3e-3,
        };
        using var learner = new DqnLearner(Rules, config);
        var observation = new float[ObservationEncoder.Size(Rules)];
        ObservationEncoder.Encode(new Ocean(FleetLayout.Random(Rules, seed: 21)).View, observation);
        var topRows = Bitboard.Full(2 * Rules.Columns);
        var batch = new TransitionBatch(config.BatchSize, observation.Length);
        for (var i = 0; i < batch.Count; i++)
        {
            observation.CopyTo(batch.Observations.AsSpan(i * observation.Length));
            observation.CopyTo(batch.NextObservations.AsSpan(i * observation.Length));
            batch.Ships[i] = topRows;
        }

        for (var step = 0; step < 150; step++)
        {
            learner.TrainStep(batch);
        }
        using var input = tensor(observation, [1, observation.Length]);
        using var q = learner.Online.call(input);
        var values = q.data<float>().ToArray();

        // The middle (rows and columns 3 to 6) is out of the top rows' sight of a 3-layer network.
        var top = Enumerable.Range(1, 2 * Rules.Columns - 1).Select(c => values[c]);
        var middle = Enumerable.Range(3, 4).SelectMany(r => Enumerable.Range(3, 4).Select(c => values[(r * Rules.Columns) + c]));
        Assert.InRange(top.Min(), 0.8, 1.2);
        Assert.InRange(middle.Max(), -0.2, 0.2);
    }

    internal static TransitionBatch SelfPlayBatch(DqnConfig config, QNetwork network)
    {
        var worker = new SelfPlayWorker(Rules, config, network, seed: 1);
        var collected = worker.Collect(vectorSteps: 40, epsilon: 1.0);
        var cells = config.HitProbabilityCells(Rules);
        var buffer = new ReplayBuffer(collected.Count, worker.ObservationSize, cells);
        buffer.Add(collected);
        var batch = new TransitionBatch(config.BatchSize, ObservationEncoder.Size(Rules), cells);
        var rng = new Rng(2);
        buffer.Sample(ref rng, batch);
        return batch;
    }

    internal static float[] Parameters(nn.Module network) => [.. network.parameters().SelectMany(p => p.data<float>().ToArray())];
}
