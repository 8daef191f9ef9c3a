using System.Text.Json.Nodes;
using Battleship.Engine;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

/// <summary>The end of a run's comparison of the best checkpoint with the last network (<see cref="CheckpointSelection"/>).</summary>
public sealed class CheckpointSelectionTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Compare_TheShippedAgentAgainstAnUntrainedNetwork_PrefersTheShippedAgent_OnEitherSide()
    {
        using var shippedNetwork = new QNetwork(GameRules.Standard, Config);
        shippedNetwork.load(ShippedNetwork);
        using var untrainedNetwork = new QNetwork(GameRules.Standard, Config);
        using var shipped = OnePass(shippedNetwork);
        using var untrained = OnePass(untrainedNetwork);

        var shippedLast = CheckpointSelection.Compare(untrained, 1_000, shipped, 2_000, games: 40, seed: 5, Cancellation);
        var shippedBest = CheckpointSelection.Compare(shipped, 1_000, untrained, 2_000, games: 40, seed: 5, Cancellation);

        Assert.True(shippedLast.LastChosen);
        Assert.False(shippedBest.LastChosen);
        Assert.True(shippedLast.Difference < -20, $"difference {shippedLast.Difference:F2}");
        Assert.Equal(-shippedLast.Difference, shippedBest.Difference, 9);
        Assert.Equal(shippedLast.DifferenceStandardError, shippedBest.DifferenceStandardError, 9);
        Assert.InRange(shippedLast.DifferenceStandardError, 0.01, 10);
        Assert.Equal((40, 5UL, 1_000L, 2_000L), (shippedLast.Games, shippedLast.Seed, shippedLast.BestEnvSteps, shippedLast.LastEnvSteps));
    }

    [Fact]
    public void Compare_OneNetworkOnBothSides_IsATie_AndATieKeepsTheBest()
    {
        using var network = new QNetwork(GameRules.Standard, Config);
        network.load(ShippedNetwork);
        using var shipped = OnePass(network);

        var selection = CheckpointSelection.Compare(shipped, 1, shipped, 2, games: 20, seed: 3, Cancellation);

        Assert.Equal(selection.BestMeanShots, selection.LastMeanShots);
        Assert.Equal(0, selection.DifferenceStandardError);
        Assert.False(selection.LastChosen);
    }

    [Fact]
    public void AddTo_KeepsTheEvaluation_AndAddsTheComparison()
    {
        var selection = new CheckpointSelection(2_000, 31_415, 640_000, 45.25, 1_500_000, 45.0, 0.125);

        var json = JsonNode.Parse(selection.AddTo("""{ "agent": "dqn", "games": 500, "mean": 45.1 }"""))!;

        Assert.Equal("dqn", (string?)json["agent"]);
        Assert.Equal(500, (int?)json["games"]);
        var added = json[CheckpointSelection.JsonProperty]!;
        Assert.Equal(2_000, (int?)added["games"]);
        Assert.Equal(31_415UL, (ulong?)added["seed"]);
        Assert.Equal(640_000, (long?)added["best"]!["envSteps"]);
        Assert.Equal(45.25, (double?)added["best"]!["mean"]);
        Assert.Equal(1_500_000, (long?)added["last"]!["envSteps"]);
        Assert.Equal(-0.25, (double?)added["difference"]);
        Assert.Equal(0.125, (double?)added["standardError"]);
        Assert.Equal("last", (string?)added["chosen"]);
    }

    [Fact]
    public async Task Trainer_LastNetworkBetterThanTheBest_TakesTheBestCheckpointsPlace()
    {
        var run = TestConfig.TempDirectory();
        PlantRun(run, best => QNetworkTests.SaveFreshCheckpoint(best, Config));

        var result = await ResumeWithoutLearning(run);

        var selection = Assert.IsType<CheckpointSelection>(result.Selection);
        Assert.True(selection.LastChosen, $"best {selection.BestMeanShots:F2}, last {selection.LastMeanShots:F2}");
        Assert.Equal((1L, Resumed.TotalEnvSteps), (selection.BestEnvSteps, selection.LastEnvSteps));
        Assert.Equal(Resumed.TotalEnvSteps, result.State.BestEvalEnvSteps);
        Assert.Equal(result.State.Metrics[^1].EvalMeanShots, result.State.BestEvalMeanShots);
        Assert.Equal(Resumed.TotalEnvSteps, Checkpoints.ReadState(result.LatestCheckpoint).BestEvalEnvSteps);
        Assert.Equal(Greedy(AgentResolver.BuiltInCheckpoint), Greedy(result.BestCheckpoint!));
        var evaluation = Evaluation(run);
        Assert.Equal(Resumed.TotalEnvSteps, (long?)evaluation["envSteps"]);
        Assert.Equal("last", (string?)evaluation[CheckpointSelection.JsonProperty]!["chosen"]);
    }

    [Fact]
    public async Task Trainer_LastNetworkNoBetter_KeepsTheBest_AndRecordsTheComparison()
    {
        var run = TestConfig.TempDirectory();
        // The best checkpoint is the network the run ends with: a tie, which keeps the best.
        PlantRun(
            run,
            best =>
            {
                Directory.CreateDirectory(best);
                File.Copy(ShippedNetwork, Path.Combine(best, DqnLearner.OnlineFileName));
            }
        );

        var result = await ResumeWithoutLearning(run);

        var selection = Assert.IsType<CheckpointSelection>(result.Selection);
        Assert.False(selection.LastChosen);
        Assert.Equal(selection.BestMeanShots, selection.LastMeanShots);
        Assert.Equal(1, result.State.BestEvalEnvSteps);
        Assert.Equal(
            File.ReadAllBytes(ShippedNetwork),
            File.ReadAllBytes(Path.Combine(run, Checkpoints.BestFolder, DqnLearner.OnlineFileName))
        );
        var evaluation = Evaluation(run);
        Assert.Equal(1, (long?)evaluation["envSteps"]);
        Assert.Equal("best", (string?)evaluation[CheckpointSelection.JsonProperty]!["chosen"]);
    }

    [Fact]
    public async Task Trainer_BestIsTheLastNetwork_ComparesNothing()
    {
        var config = TestConfig.Tiny with { SelectionGames = 60, EvaluationInterval = 0 };

        var result = await new DqnTrainer(config, TestConfig.TempDirectory()).RunAsync(cancellationToken: Cancellation);

        Assert.Equal(config.TotalEnvSteps, result.State.BestEvalEnvSteps);
        Assert.Null(result.Selection);
    }

    /// <summary>A network's agent with one forward pass a decision, as the trainer compares them.</summary>
    private static DqnPolicy OnePass(QNetwork network) =>
        DqnPolicy.Wrap(GameRules.Standard, Config with { AverageSymmetries = false }, network);

    private static string ShippedNetwork => Path.Combine(AgentResolver.BuiltInCheckpoint, DqnLearner.OnlineFileName);

    private static DqnConfig Shipped { get; } = DqnConfig.Load(Path.Combine(AgentResolver.BuiltInCheckpoint, Checkpoints.ConfigFile));

    /// <summary>The tests' tiny configuration with the shipped agent's network shape and a small comparison at the end.</summary>
    private static DqnConfig Config { get; } =
        TestConfig.Tiny with
        {
            Channels = Shipped.Channels,
            ConvLayers = Shipped.ConvLayers,
            SelectionGames = 60,
        };

    /// <summary>640 steps more than the planted checkpoint's: a resumed run refills its buffer from empty, so it does not reach <see cref="DqnConfig.LearningStarts"/>, and its last network is the checkpoint's.</summary>
    private static DqnConfig Resumed { get; } = Config with { TotalEnvSteps = PlantedSteps + 640, LearningStarts = 1_000 };

    private const long PlantedSteps = 1_600;

    /// <summary>
    /// A run whose latest checkpoint (step 1,600) holds the shipped agent's network, and whose best
    /// checkpoint is what <paramref name="plantBest"/> writes, with an in-training evaluation (step 1,
    /// 0 shots) that no evaluation can beat.
    /// </summary>
    private static void PlantRun(string run, Action<string> plantBest)
    {
        using var learner = new DqnLearner(GameRules.Standard, Config);
        learner.Online.load(ShippedNetwork);
        Checkpoints.Save(
            run,
            learner,
            Config,
            new TrainingState
            {
                EnvSteps = PlantedSteps,
                Segments = 1,
                BestEvalMeanShots = 0,
                BestEvalEnvSteps = 1,
            }
        );
        var best = Path.Combine(run, Checkpoints.BestFolder);
        plantBest(best);
        Config.Save(Path.Combine(best, Checkpoints.ConfigFile));
        File.WriteAllText(Path.Combine(best, Checkpoints.EvaluationFile), """{ "agent": "planted", "envSteps": 1 }""");
    }

    private static Task<TrainingResult> ResumeWithoutLearning(string run) =>
        new DqnTrainer(Resumed, run).RunAsync(cancellationToken: Cancellation);

    private static JsonNode Evaluation(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, Checkpoints.BestFolder, Checkpoints.EvaluationFile)))!;

    private static int[] Greedy(string checkpoint)
    {
        using var policy = DqnPolicy.Load(checkpoint);
        var actions = new int[16];
        policy.SelectShots(CheckpointTests.Observations(16), 16, actions);
        return actions;
    }
}
