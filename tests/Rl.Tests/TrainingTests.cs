using Battleship.Engine;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class TrainingTests
{
    [Theory]
    [InlineData(DqnTargets.Action, false)]
    [InlineData(DqnTargets.Board, true)]
    [InlineData(DqnTargets.Posterior, true)] // the defaults' targets
    public async Task ShortSeededRun_OnATinyConfig_BeatsRandom(string targets, bool augment)
    {
        var run = TestConfig.TempDirectory();
        var config = TestConfig.Tiny with { TotalEnvSteps = 9_600, EvaluationInterval = 4_800, Targets = targets, Augment = augment };
        var reports = new List<TrainingProgress>();

        var result = await new DqnTrainer(config, run).RunAsync(
            new Progress<TrainingProgress>(reports.Add),
            TestContext.Current.CancellationToken
        );

        using var policy = DqnPolicy.Load(result.BestCheckpoint!);
        var trained = policy.Evaluate(games: 400, seed: 1, cancellationToken: TestContext.Current.CancellationToken);
        var random = PolicyEvaluator.Evaluate(
            GameRules.Standard,
            () => ShotPolicies.Random,
            games: 400,
            seed: 1,
            cancellationToken: TestContext.Current.CancellationToken
        );
        Assert.Equal(9_600, result.State.EnvSteps);
        Assert.False(result.StoppedByTimeLimit);
        Assert.True(trained.Mean < random.Mean - 10, $"trained {trained.Mean:F2} vs random {random.Mean:F2}");
        Assert.Equal(result.State.BestEvalMeanShots, result.State.Metrics.Min(m => m.EvalMeanShots ?? double.MaxValue));
        Assert.All(result.State.Metrics.Where(m => m.EnvSteps > config.LearningStarts + config.Environments), m => Assert.NotNull(m.Loss));
    }

    [Fact]
    public async Task TimeLimit_StopsTheRun()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var config = TestConfig.Tiny with { TimeLimitMinutes = 1, EvaluationInterval = 0, CheckpointInterval = 0 };
        var progress = new AdvancingProgress(time);

        var result = await new DqnTrainer(config, TestConfig.TempDirectory(), time).RunAsync(
            progress,
            TestContext.Current.CancellationToken
        );

        Assert.True(result.StoppedByTimeLimit);
        Assert.Equal(config.ProgressInterval, result.State.EnvSteps);
    }

    [Fact]
    public async Task Evaluate_UsesTheFleetsOfTheBaselineEvaluator()
    {
        var directory = TestConfig.TempDirectory();
        QNetworkTests.SaveFreshCheckpoint(directory, TestConfig.Tiny);
        using var policy = DqnPolicy.Load(directory);

        var batched = policy.Evaluate(games: 30, seed: 9, batch: 7, TestContext.Current.CancellationToken);
        var oneByOne = await Task.Run(
            () => PolicyEvaluator.Evaluate(GameRules.Standard, policy.AsShotPolicy, 30, 9, 2, TestContext.Current.CancellationToken),
            TestContext.Current.CancellationToken
        );

        Assert.Equal(oneByOne.ShotsPerGame, batched.ShotsPerGame);
        Assert.Equal("dqn", batched.Agent);
    }

    /// <summary>Moves the fake clock by a minute at each report, so the time limit trips at the first one.</summary>
    private sealed class AdvancingProgress(Microsoft.Extensions.Time.Testing.FakeTimeProvider time) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => time.Advance(TimeSpan.FromMinutes(1));
    }
}
