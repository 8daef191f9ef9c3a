using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Battleship.Trainer.Dqn;

/// <summary>One point of a run's learning curve, recorded every <see cref="DqnConfig.ProgressInterval"/> environment steps.</summary>
/// <param name="EnvSteps">Environment steps so far.</param>
/// <param name="Updates">Learner updates so far.</param>
/// <param name="Episodes">Self-play episodes finished so far.</param>
/// <param name="Epsilon">Exploration rate at this point.</param>
/// <param name="Loss">Mean loss of the updates since the previous point (null before learning starts).</param>
/// <param name="TrainMeanShots">Mean shots to win of the self-play episodes finished since the previous point (exploration included).</param>
/// <param name="EvalMeanShots">Greedy evaluation mean shots, when an evaluation ran at this point.</param>
/// <param name="ElapsedSeconds">Training time so far (all segments of a resumed run).</param>
public sealed record MetricPoint(
    long EnvSteps,
    long Updates,
    long Episodes,
    double Epsilon,
    double? Loss,
    double? TrainMeanShots,
    double? EvalMeanShots,
    double ElapsedSeconds
);

/// <summary>The counters and history of a run, saved in every checkpoint (<c>state.json</c>).</summary>
public sealed record TrainingState
{
    public long EnvSteps { get; init; }

    public long Updates { get; init; }

    /// <summary>Self-play episodes finished so far.</summary>
    public long Episodes { get; init; }

    /// <summary>How many times the run was started (1 for a run never resumed); seeds each segment's self-play.</summary>
    public int Segments { get; init; }

    /// <summary>Training time so far, in seconds.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>The best evaluation mean shots so far (null before the first evaluation).</summary>
    public double? BestEvalMeanShots { get; init; }

    /// <summary>The environment step of the best evaluation.</summary>
    public long BestEvalEnvSteps { get; init; }

    public IReadOnlyList<MetricPoint> Metrics { get; init; } = [];
}

/// <summary>
/// Where a run keeps its files. A run directory holds <c>config.json</c> (the effective
/// configuration), <c>metrics.csv</c>, <c>checkpoints/step-NNNNNNNNNN/</c> (every
/// <see cref="DqnConfig.CheckpointInterval"/> steps and at the end), <c>checkpoints/latest</c>
/// (the name of the newest) and <c>best/</c> (the best by evaluation). A checkpoint directory holds
/// <c>online.bin</c>, <c>target.bin</c>, <c>optimizer.bin</c>, <c>config.json</c> and <c>state.json</c>;
/// <c>best/</c> holds <c>online.bin</c>, <c>config.json</c>, <c>state.json</c> and <c>evaluation.json</c>.
/// </summary>
public static class Checkpoints
{
    /// <summary>The configuration file of a run or checkpoint.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>The counters and metrics of a checkpoint.</summary>
    public const string StateFile = "state.json";

    /// <summary>The evaluation summary beside a best or shipped checkpoint.</summary>
    public const string EvaluationFile = "evaluation.json";

    /// <summary>The learning curve of a run, as CSV.</summary>
    public const string MetricsFile = "metrics.csv";

    /// <summary>The folder of the best checkpoint in a run directory.</summary>
    public const string BestFolder = "best";

    /// <summary>The folder of the periodic checkpoints in a run directory.</summary>
    public const string CheckpointsFolder = "checkpoints";

    private const string LatestPointer = "latest";

    /// <summary>The newest checkpoint directory of the run at <paramref name="runDirectory"/>, or null.</summary>
    public static string? Latest(string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        var pointer = Path.Combine(runDirectory, CheckpointsFolder, LatestPointer);
        if (!File.Exists(pointer))
        {
            return null;
        }
        var directory = Path.Combine(runDirectory, CheckpointsFolder, File.ReadAllText(pointer).Trim());
        return File.Exists(Path.Combine(directory, StateFile)) ? directory : null;
    }

    /// <summary>Saves the learner, configuration and state as a new checkpoint and points <c>latest</c> at it; returns its directory.</summary>
    public static string Save(string runDirectory, DqnLearner learner, DqnConfig config, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        var name = string.Create(CultureInfo.InvariantCulture, $"step-{state.EnvSteps:D10}");
        var directory = Path.Combine(runDirectory, CheckpointsFolder, name);
        var temporary = directory + ".tmp";
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }
        learner.Save(temporary);
        config.Save(Path.Combine(temporary, ConfigFile));
        WriteState(Path.Combine(temporary, StateFile), state);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.Move(temporary, directory);
        var pointer = Path.Combine(runDirectory, CheckpointsFolder, LatestPointer);
        File.WriteAllText(pointer + ".tmp", name);
        File.Move(pointer + ".tmp", pointer, overwrite: true);
        return directory;
    }

    /// <summary>Saves the online network, configuration, state and evaluation as the run's best checkpoint; returns its directory.</summary>
    public static string SaveBest(string runDirectory, DqnLearner learner, DqnConfig config, TrainingState state, string evaluationJson)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(config);
        var directory = Path.Combine(runDirectory, BestFolder);
        Directory.CreateDirectory(directory);
        learner.Online.save(Path.Combine(directory, DqnLearner.OnlineFileName));
        config.Save(Path.Combine(directory, ConfigFile));
        WriteState(Path.Combine(directory, StateFile), state);
        File.WriteAllText(Path.Combine(directory, EvaluationFile), evaluationJson + Environment.NewLine);
        return directory;
    }

    public static TrainingState ReadState(string checkpointDirectory) =>
        JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(checkpointDirectory, StateFile)), DqnConfig.JsonOptions)
        ?? throw new InvalidDataException($"Empty state in {checkpointDirectory}.");

    /// <summary>Writes the learning curve as CSV.</summary>
    public static void WriteMetricsCsv(string path, IEnumerable<MetricPoint> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("env_steps,updates,episodes,epsilon,loss,train_mean_shots,eval_mean_shots,elapsed_seconds\n");
        foreach (var m in metrics)
        {
            text.Append(
                c,
                $"{m.EnvSteps},{m.Updates},{m.Episodes},{m.Epsilon:0.####},{m.Loss?.ToString("0.######", c)},{m.TrainMeanShots?.ToString("0.###", c)},{m.EvalMeanShots?.ToString("0.###", c)},{m.ElapsedSeconds:0.#}\n"
            );
        }
        File.WriteAllText(path, text.ToString());
    }

    private static void WriteState(string path, TrainingState state) =>
        File.WriteAllText(path, JsonSerializer.Serialize(state, DqnConfig.JsonOptions) + Environment.NewLine);
}
