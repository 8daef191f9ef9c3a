using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Battleship.TestSupport;

/// <summary>
/// A small, deterministic trainer behind the training grains, so that their life cycle, placement
/// and persistence are tested without the cost of a network: it "trains" in chunks of 10 steps,
/// asks every worker for experience each chunk, checkpoints its step count in the run directory,
/// and answers shots with the first open cell (analyses too: see <see cref="Analyze"/>). Configuration: <c>steps</c> (budget, 10–10,000),
/// <c>failAt</c> (a NaN at that step), <c>holdAt</c> (waits at that step until cancelled or stopped).
/// </summary>
public sealed class ScriptedTrainer : ITrainingBackend, IPolicyBackend
{
    /// <summary>What each job's runs did, for assertions (the test cluster runs in this process).</summary>
    public static ConcurrentDictionary<Guid, JobLog> Jobs { get; } = new();

    /// <inheritdoc />
    public string ResolveConfig(string? overridesJson)
    {
        var config = new Dictionary<string, int> { ["steps"] = 30 };
        if (!string.IsNullOrWhiteSpace(overridesJson))
        {
            using var document = JsonDocument.Parse(overridesJson);
            foreach (var field in document.RootElement.EnumerateObject())
            {
                if (field.Name is not ("steps" or "failAt" or "holdAt"))
                {
                    throw new ArgumentException($"Unknown configuration field '{field.Name}'.");
                }
                config[field.Name] = field.Value.GetInt32();
            }
        }
        if (config["steps"] is < 10 or > 10_000)
        {
            throw new ArgumentException("steps must be between 10 and 10000.");
        }
        return JsonSerializer.Serialize(config);
    }

    /// <inheritdoc />
    public async Task<TrainingOutcome> RunAsync(TrainingRunContext context, CancellationToken cancellationToken)
    {
        var config = JsonSerializer.Deserialize<Dictionary<string, int>>(context.ConfigJson)!;
        var log = Jobs.GetOrAdd(context.JobId, _ => new JobLog());
        Directory.CreateDirectory(context.RunDirectory);
        var checkpoint = Path.Combine(context.RunDirectory, "step.txt");
        var step = File.Exists(checkpoint)
            ? long.Parse(await File.ReadAllTextAsync(checkpoint, cancellationToken), CultureInfo.InvariantCulture)
            : 0;
        log.Started(step);
        while (step < config["steps"])
        {
            if (config.TryGetValue("holdAt", out var hold) && step == hold)
            {
                log.Holding.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (config.TryGetValue("failAt", out var fail) && step == fail)
            {
                throw new TrainingFailedException($"The loss became NaN at step {step}.");
            }
            var batches = await context.Workers.GenerateAsync(
                new ExperienceRequest([1, 2, 3], 0.5, 10, (ulong)step, context.ConfigJson),
                cancellationToken
            );
            foreach (var batch in batches)
            {
                log.WorkerSilos.Add(batch.Silo);
            }
            step += 10;
            await File.WriteAllTextAsync(checkpoint, step.ToString(CultureInfo.InvariantCulture), cancellationToken);
            await context.ReportAsync(new TrainingProgress(step, config["steps"], step / 5, 0.5, 1.0 / step, null, 100, GameCluster.Start));
        }
        return new TrainingOutcome($"scripted/{context.JobId:N}", 42.5);
    }

    /// <inheritdoc />
    public ISelfPlaySession StartSelfPlay(string configJson, ulong seed) => new Session();

    /// <inheritdoc />
    public int ChooseShot(string checkpoint, AgentShotRequest request)
    {
        if (checkpoint != "first-open")
        {
            throw new ArgumentException($"No checkpoint named '{checkpoint}'.");
        }
        var cells = request.Rules.Rows * request.Rules.Columns;
        var shots = request.Shots.ToBitboard();
        return Enumerable.Range(0, cells).First(c => !Bitboard.Contains(shots, c));
    }

    /// <summary>
    /// The policy <c>first-open</c> (also answering for the shipped checkpoint, so that analyses can
    /// be tested): every open cell has a chance of 0.5, except the first, which has 0.75 and is fired at.
    /// </summary>
    public ShotAnalysis Analyze(string checkpoint, AgentShotRequest request)
    {
        var cell = ChooseShot(checkpoint == ShippedCheckpoint ? "first-open" : checkpoint, request);
        var shots = request.Shots.ToBitboard();
        var probabilities = Enumerable
            .Range(0, request.Rules.Rows * request.Rules.Columns)
            .Select(c =>
                c == cell ? 0.75f
                : Bitboard.Contains(shots, c) ? 0f
                : 0.5f
            )
            .ToArray();
        return new ShotAnalysis(probabilities, cell, AnalysisSources.Dqn);
    }

    /// <summary>The shipped DQN agent's checkpoint name.</summary>
    public const string ShippedCheckpoint = "builtin/dqn-default";

    private sealed class Session : ISelfPlaySession
    {
        public ExperienceBatch Play(byte[] weights, double epsilon, int steps, string silo) => new([.. weights], steps, steps / 5, silo);

        public void Dispose() { }
    }

    /// <summary>What one job's runs did.</summary>
    public sealed class JobLog
    {
        private readonly ConcurrentDictionary<long, TaskCompletionSource> _startedFrom = new();

        /// <summary>The step each run started from (a resumed run starts from its checkpoint).</summary>
        public ConcurrentBag<long> Starts { get; } = [];

        /// <summary>Completes once a run has started from <paramref name="step"/> (a resumed job's run starts on its own task, after the activation that resumes it).</summary>
        public Task StartedFrom(long step) => StartSignal(step).Task;

        public void Started(long step)
        {
            Starts.Add(step);
            StartSignal(step).TrySetResult();
        }

        private TaskCompletionSource StartSignal(long step) =>
            _startedFrom.GetOrAdd(step, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        /// <summary>The silos that played the job's self-play experience.</summary>
        public ConcurrentBag<string> WorkerSilos { get; } = [];

        /// <summary>Completes when a run waits at <c>holdAt</c>.</summary>
        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Puts the <see cref="ScriptedTrainer"/> on the trainer silos of a <see cref="GameCluster"/>, and only there.</summary>
public sealed class ScriptedTrainerSilos : ISiloConfigurator
{
    /// <inheritdoc />
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Services.Configure<TrainingOptions>(o => o.Directory = Path.Combine(Path.GetTempPath(), "battleship-training-tests"));
        if (GameCluster.IsTrainer(siloBuilder))
        {
            var trainer = new ScriptedTrainer();
            siloBuilder.Services.AddSingleton<ITrainingBackend>(trainer);
            siloBuilder.Services.AddSingleton<IPolicyBackend>(trainer);
        }
    }
}
