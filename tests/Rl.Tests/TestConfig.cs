using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

/// <summary>Small, fast configurations for the tests (torch's global seed makes them run one at a time).</summary>
internal static class TestConfig
{
    /// <summary>A tiny network and budget that still learns.</summary>
    public static DqnConfig Tiny { get; } =
        DqnConfig.Default with
        {
            Seed = 7,
            Channels = 16,
            ConvLayers = 3,
            Environments = 32,
            BatchSize = 32,
            ReplayCapacity = 20_000,
            LearningStarts = 1_000,
            TotalEnvSteps = 3_200,
            EpsilonDecaySteps = 2_000,
            ProgressInterval = 640,
            EvaluationInterval = 1_600,
            CheckpointInterval = 1_600,
            EvaluationGames = 50,
            FinalEvaluationGames = 0,
            // The best checkpoint stays the best by the in-training evaluations; the comparison with
            // the last network at the end is tested where it is named (CheckpointSelectionTests).
            SelectionGames = 0,
            TimeLimitMinutes = 0,
            Threads = 1,
            // The tests were written for Double DQN's own target at a constant rate; the posterior
            // targets and augmentation of the defaults are tested where they are named.
            Targets = DqnTargets.Action,
            Augment = false,
            LearningRateEnd = DqnConfig.Default.LearningRate,
        };

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "battleship-rl-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
