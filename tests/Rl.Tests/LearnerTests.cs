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
        manual_seed(99);
        using var workerNetwork = new QNetwork(Rules, TestConfig.Tiny);
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

    internal static TransitionBatch SelfPlayBatch(DqnConfig config, QNetwork network)
    {
        var worker = new SelfPlayWorker(Rules, config, network, seed: 1);
        var collected = worker.Collect(vectorSteps: 40, epsilon: 1.0);
        var buffer = new ReplayBuffer(collected.Count, worker.ObservationSize);
        buffer.Add(collected);
        var batch = new TransitionBatch(config.BatchSize, ObservationEncoder.Size(Rules));
        var rng = new Rng(2);
        buffer.Sample(ref rng, batch);
        return batch;
    }

    internal static float[] Parameters(QNetwork network) => [.. network.parameters().SelectMany(p => p.data<float>().ToArray())];
}
