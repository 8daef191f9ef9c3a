using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class CheckpointTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Fact]
    public void SaveThenLoad_GivesIdenticalQValues()
    {
        var directory = TestConfig.TempDirectory();
        using var learner = new DqnLearner(Rules, TestConfig.Tiny);
        learner.TrainStep(LearnerTests.SelfPlayBatch(TestConfig.Tiny, learner.Online));
        var state = new TrainingState
        {
            EnvSteps = 1_234,
            Updates = learner.Updates,
            Segments = 1,
        };
        var checkpoint = Checkpoints.Save(directory, learner, TestConfig.Tiny, state);
        var observations = Observations(16);

        var expected = QValues(learner.Online, observations);
        using var policy = DqnPolicy.Load(checkpoint);
        using var restored = new DqnLearner(Rules, TestConfig.Tiny with { Seed = 99 });
        restored.Load(checkpoint, updates: 1);

        Assert.Equal(checkpoint, Checkpoints.Latest(directory));
        Assert.Equal(state with { Metrics = [] }, Checkpoints.ReadState(checkpoint) with { Metrics = [] });
        Assert.Equal(expected, QValues(restored.Online, observations));
        Assert.Equal(LearnerTests.Parameters(learner.Target), LearnerTests.Parameters(restored.Target));
        // The policy decides as the saved network does, its values averaged over the board's
        // symmetries as the checkpoint's configuration says (DqnConfig.AverageSymmetries).
        using var symmetric = new QEnsemble(Rules, [learner.Online], averageSymmetries: true, ownsMembers: false);
        var greedy = new int[16];
        policy.SelectShots(observations, 16, greedy);
        Assert.True(policy.Config.AverageSymmetries);
        var averaged = QInference.QValues(symmetric, observations, 16);
        var size = ObservationEncoder.Size(Rules);
        Assert.Equal(
            Enumerable
                .Range(0, 16)
                .Select(i =>
                    QInference.FirstBest(
                        averaged.AsSpan(i * 100, 100),
                        OpenCells(observations.AsSpan(i * size, 100)),
                        SymmetricQ.TieTolerance
                    )
                ),
            greedy
        );
    }

    [Fact]
    public void Load_MissingCheckpoint_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => DqnPolicy.Load(Path.Combine(TestConfig.TempDirectory(), "nothing")));

    [Fact]
    public async Task Trainer_Resumes_FromTheLatestCheckpoint()
    {
        var run = TestConfig.TempDirectory();
        // 16 environments: each segment's 100 vector steps finish episodes (an episode takes 17 to 100 shots).
        var config = TestConfig.Tiny with
        {
            Environments = 16,
        };
        var first = await new DqnTrainer(config with { TotalEnvSteps = 1_600 }, run).RunAsync(
            cancellationToken: TestContext.Current.CancellationToken
        );

        var second = await new DqnTrainer(config with { TotalEnvSteps = 3_200 }, run).RunAsync(
            cancellationToken: TestContext.Current.CancellationToken
        );

        Assert.Equal(1_600, first.State.EnvSteps);
        Assert.Equal(3_200, second.State.EnvSteps);
        Assert.Equal(2, second.State.Segments);
        Assert.True(second.State.Updates > first.State.Updates, $"updates {first.State.Updates} then {second.State.Updates}");
        Assert.True(second.State.Episodes > first.State.Episodes, $"episodes {first.State.Episodes} then {second.State.Episodes}");
        Assert.Equal(first.State.Metrics, second.State.Metrics.Take(first.State.Metrics.Count));
        Assert.True(File.Exists(Path.Combine(run, Checkpoints.ConfigFile)), "config");
        Assert.True(File.Exists(Path.Combine(run, Checkpoints.MetricsFile)), "metrics");
        Assert.True(File.Exists(Path.Combine(run, Checkpoints.BestFolder, Checkpoints.EvaluationFile)), "best");
        Assert.Equal(3_200, DqnConfig.Load(Path.Combine(run, Checkpoints.ConfigFile)).TotalEnvSteps);
    }

    [Fact]
    public async Task Trainer_Cancelled_WritesACheckpointAndThrows()
    {
        var run = TestConfig.TempDirectory();
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancellation.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DqnTrainer(TestConfig.Tiny with { EvaluationInterval = 0 }, run).RunAsync(progress, cancellation.Token)
        );

        var latest = Checkpoints.Latest(run);
        Assert.NotNull(latest);
        Assert.Equal(TestConfig.Tiny.ProgressInterval, Checkpoints.ReadState(latest).EnvSteps);
    }

    internal static float[] Observations(int count)
    {
        var size = ObservationEncoder.Size(Rules);
        var observations = new float[count * size];
        var rng = new Rng(17);
        for (var i = 0; i < count; i++)
        {
            var ocean = new Ocean(FleetLayout.Random(Rules, (ulong)(100 + i)));
            for (var s = 0; s < i * 5; s++)
            {
                ocean.TryFire(rng.NextInt(100), out _);
            }
            ObservationEncoder.Encode(ocean.View, observations.AsSpan(i * size, size));
        }
        return observations;
    }

    private static float[] QValues(QNetwork network, float[] observations)
    {
        using var input = TorchSharp.torch.tensor(
            observations,
            [observations.Length / ObservationEncoder.Size(Rules), ObservationEncoder.Size(Rules)]
        );
        using var disabled = TorchSharp.torch.no_grad();
        using var q = network.call(input);
        return q.data<float>().ToArray();
    }

    private static UInt128 OpenCells(ReadOnlySpan<float> unknownChannel)
    {
        var open = UInt128.Zero;
        for (var cell = 0; cell < unknownChannel.Length; cell++)
        {
            open |= unknownChannel[cell] > 0.5f ? Bitboard.Bit(cell) : UInt128.Zero;
        }
        return open;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
