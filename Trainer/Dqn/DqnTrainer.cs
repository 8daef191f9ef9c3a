using System.Text.Json;
using Battleship.Engine;
using Battleship.Engine.Evaluation;
using TorchSharp;

namespace Battleship.Trainer.Dqn;

/// <summary>What a running training reports, every <see cref="DqnConfig.ProgressInterval"/> environment steps and at each evaluation.</summary>
/// <param name="Point">The metric point just recorded (the counters, epsilon, loss and self-play shots since the previous point).</param>
/// <param name="TotalEnvSteps">The budget in environment steps.</param>
/// <param name="EvalMeanShots">The latest greedy evaluation's mean shots (null before the first).</param>
/// <param name="BestEvalMeanShots">The best evaluation so far.</param>
public sealed record TrainingProgress(MetricPoint Point, long TotalEnvSteps, double? EvalMeanShots, double? BestEvalMeanShots)
{
    /// <summary>Environment steps so far.</summary>
    public long EnvSteps => Point.EnvSteps;

    /// <summary>Training time so far (all segments of a resumed run).</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(Point.ElapsedSeconds);

    /// <summary>Fraction of the budget done, 0 to 1.</summary>
    public double Fraction => Math.Clamp((double)EnvSteps / TotalEnvSteps, 0, 1);
}

/// <summary>Experience played elsewhere (self-play workers on other silos) for the learner's buffer.</summary>
/// <param name="Batches">The transitions.</param>
/// <param name="Episodes">Episodes finished while playing them.</param>
public sealed record RemoteExperience(IReadOnlyList<TransitionBatch> Batches, int Episodes);

/// <summary>How a training run ended.</summary>
/// <param name="State">The final counters and learning curve.</param>
/// <param name="LatestCheckpoint">The last checkpoint written (the final one).</param>
/// <param name="BestCheckpoint">The best checkpoint (null when no evaluation ran): the best by the in-training evaluations, or the last network if it did better in <paramref name="Selection"/>.</param>
/// <param name="StoppedByTimeLimit">Whether <see cref="DqnConfig.TimeLimitMinutes"/> ended the run before the step budget.</param>
/// <param name="Selection">The end of the run's comparison of the best checkpoint with the last network (null when they were the same, or <see cref="DqnConfig.SelectionGames"/> is 0).</param>
public sealed record TrainingResult(
    TrainingState State,
    string LatestCheckpoint,
    string? BestCheckpoint,
    bool StoppedByTimeLimit,
    CheckpointSelection? Selection = null
);

/// <summary>
/// The local, single-process DQN training loop: self-play (<see cref="SelfPlayWorker"/>) into a
/// <see cref="ReplayBuffer"/>, Double DQN updates (<see cref="DqnLearner"/>), periodic evaluation,
/// checkpoints and the best checkpoint (checked against the last network at the end,
/// <see cref="CheckpointSelection"/>), in one run directory.
/// </summary>
/// <remarks>
/// <para><see cref="RunAsync"/> resumes from the run directory's latest checkpoint when there is
/// one (weights, optimiser, counters and learning curve; the replay buffer is refilled by fresh
/// self-play, with fleets from a new segment seed). The configuration passed in wins over the
/// saved one, so a run can be extended with a larger <see cref="DqnConfig.TotalEnvSteps"/>; the
/// network's shape must match.</para>
/// <para>Cancellation writes a checkpoint and then throws <see cref="OperationCanceledException"/>;
/// divergence throws <see cref="TrainingDivergedException"/> and writes nothing.</para>
/// </remarks>
public sealed class DqnTrainer
{
    private readonly DqnConfig _config;
    private readonly string _runDirectory;
    private readonly TimeProvider _time;
    private readonly string _agentId;

    /// <summary>Creates a trainer for <paramref name="config"/> writing into <paramref name="runDirectory"/> (created when missing).</summary>
    public DqnTrainer(DqnConfig config, string runDirectory, TimeProvider? timeProvider = null, string? agentId = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        _config = config.Validate();
        _runDirectory = Path.GetFullPath(runDirectory);
        _time = timeProvider ?? TimeProvider.System;
        _agentId = agentId ?? Path.GetFileName(_runDirectory);
    }

    public string RunDirectory => _runDirectory;

    /// <summary>
    /// Remote self-play, when the run has workers elsewhere: called with the online network's
    /// weights and the current exploration rate, it returns their experience. One request is in
    /// flight at a time, overlapping the local self-play and learning; its transitions count
    /// towards the step budget like local ones.
    /// </summary>
    public Func<byte[], double, CancellationToken, Task<RemoteExperience>>? RemoteSelfPlay { get; init; }

    /// <summary>Trains until the step budget or the time limit, on a dedicated thread.</summary>
    public Task<TrainingResult> RunAsync(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => Run(progress, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default
        );

    /// <summary>Evaluation of a checkpoint as <c>evaluation.json</c> stores it.</summary>
    internal static string EvaluationJson(EvaluationReport report, long envSteps) =>
        JsonSerializer.Serialize(
            new
            {
                agent = report.Agent,
                games = report.Games,
                seed = report.Seed,
                mean = Math.Round(report.Mean, 4),
                median = report.Median,
                std = Math.Round(report.StandardDeviation, 4),
                min = report.Min,
                max = report.Max,
                envSteps,
            },
            DqnConfig.JsonOptions
        );

    private TrainingResult Run(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var config = _config;
        var rules = GameRules.Standard;
        if (config.Threads > 0)
        {
            torch.set_num_threads(config.Threads);
        }
        Directory.CreateDirectory(_runDirectory);
        config.Save(Path.Combine(_runDirectory, Checkpoints.ConfigFile));

        using var learner = new DqnLearner(rules, config, _agentId);
        var state = new TrainingState();
        var latest = Checkpoints.Latest(_runDirectory);
        if (latest is not null)
        {
            var saved = DqnConfig.Load(Path.Combine(latest, Checkpoints.ConfigFile));
            if (saved.Channels != config.Channels || saved.ConvLayers != config.ConvLayers)
            {
                throw new InvalidOperationException(
                    $"The checkpoint {latest} has a network of {saved.ConvLayers}×{saved.Channels}, not {config.ConvLayers}×{config.Channels}: use another run directory."
                );
            }
            state = Checkpoints.ReadState(latest);
            learner.Load(latest, state.Updates);
        }
        state = state with { Segments = state.Segments + 1 };
        var segmentSeed = Rng.ForStream(config.Seed, (ulong)state.Segments).NextUInt64();
        var worker = new SelfPlayWorker(rules, config, learner.Online, segmentSeed, agentId: _agentId);
        var buffer = new ReplayBuffer(config.ReplayCapacity, worker.ObservationSize, config.HitProbabilityCells(rules));
        var schedule = EpsilonSchedule.From(config);
        var metrics = new List<MetricPoint>(state.Metrics);
        var bestPath = state.BestEvalMeanShots is null ? null : Path.Combine(_runDirectory, Checkpoints.BestFolder);
        var started = _time.GetTimestamp();
        var elapsedBefore = state.ElapsedSeconds;
        var envSteps = state.EnvSteps;
        var episodesBefore = state.Episodes;
        var remoteEpisodes = 0L;
        Task<RemoteExperience>? remote = null;
        var lossSum = 0.0;
        var lossCount = 0;
        double? lastEval = metrics.LastOrDefault(m => m.EvalMeanShots is not null)?.EvalMeanShots;
        EvaluationReport? lastReport = null;
        CheckpointSelection? selection = null;
        var n = worker.Environments;
        var timeLimit = config.TimeLimitMinutes > 0 ? TimeSpan.FromMinutes(config.TimeLimitMinutes) : TimeSpan.MaxValue;
        var stoppedByTime = false;
        string? latestPath = latest;

        TimeSpan Elapsed() => TimeSpan.FromSeconds(elapsedBefore) + _time.GetElapsedTime(started);

        TrainingState Snapshot() =>
            state with
            {
                EnvSteps = envSteps,
                Updates = learner.Updates,
                Episodes = episodesBefore + worker.Episodes + remoteEpisodes,
                ElapsedSeconds = Elapsed().TotalSeconds,
                Metrics = [.. metrics],
            };

        void Record(double? eval)
        {
            var shots = worker.TakeEpisodeShots();
            metrics.Add(
                new MetricPoint(
                    envSteps,
                    learner.Updates,
                    episodesBefore + worker.Episodes + remoteEpisodes,
                    schedule.At(envSteps),
                    lossCount > 0 ? lossSum / lossCount : null,
                    shots.Count > 0 ? shots.Average() : null,
                    eval,
                    Elapsed().TotalSeconds
                )
            );
            lossSum = 0;
            lossCount = 0;
            Checkpoints.WriteMetricsCsv(Path.Combine(_runDirectory, Checkpoints.MetricsFile), metrics);
            progress?.Report(new TrainingProgress(metrics[^1], config.TotalEnvSteps, lastEval, state.BestEvalMeanShots));
        }

        // One forward pass a decision while training (the checkpoint is chosen by it); the saved
        // agent plays as its configuration says, averaged over the symmetries by default.
        DqnPolicy OnePass(QNetwork network) => DqnPolicy.Wrap(rules, config with { AverageSymmetries = false }, network, _agentId);

        void Evaluate()
        {
            using var policy = OnePass(learner.Online);
            var report = policy.Evaluate(config.EvaluationGames, config.EvaluationSeed, cancellationToken: cancellationToken);
            lastEval = report.Mean;
            lastReport = report;
            if (state.BestEvalMeanShots is null || report.Mean < state.BestEvalMeanShots)
            {
                state = state with { BestEvalMeanShots = report.Mean, BestEvalEnvSteps = envSteps };
                bestPath = Checkpoints.SaveBest(_runDirectory, learner, config, Snapshot(), EvaluationJson(report, envSteps));
            }
        }

        // The best by the in-training evaluations against the last network, on fleets of their own;
        // the better stays in best/ (see CheckpointSelection).
        void Select()
        {
            if (config.SelectionGames == 0 || bestPath is null || state.BestEvalEnvSteps == envSteps)
            {
                return;
            }
            using var earlier = new QNetwork(rules, config);
            earlier.load(Path.Combine(bestPath, DqnLearner.OnlineFileName));
            using var bestPolicy = OnePass(earlier);
            using var lastPolicy = OnePass(learner.Online);
            selection = CheckpointSelection.Compare(
                bestPolicy,
                state.BestEvalEnvSteps,
                lastPolicy,
                envSteps,
                config.SelectionGames,
                config.SelectionSeed,
                cancellationToken
            );
            if (selection.LastChosen)
            {
                // The last network's own in-training evaluation (recomputed, the same games, when
                // this segment of a resumed run has not run it).
                var report =
                    lastReport ?? lastPolicy.Evaluate(config.EvaluationGames, config.EvaluationSeed, cancellationToken: cancellationToken);
                state = state with { BestEvalMeanShots = report.Mean, BestEvalEnvSteps = envSteps };
                bestPath = Checkpoints.SaveBest(
                    _runDirectory,
                    learner,
                    config,
                    Snapshot(),
                    selection.AddTo(EvaluationJson(report, envSteps))
                );
            }
            else
            {
                var evaluationFile = Path.Combine(bestPath, Checkpoints.EvaluationFile);
                File.WriteAllText(evaluationFile, selection.AddTo(File.ReadAllText(evaluationFile)) + Environment.NewLine);
            }
        }

        void Checkpoint()
        {
            latestPath = Checkpoints.Save(_runDirectory, learner, config, Snapshot());
        }

        static bool Crossed(long after, long step, long interval) => interval > 0 && after / interval > (after - step) / interval;

        try
        {
            while (envSteps < config.TotalEnvSteps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var epsilon = schedule.At(envSteps);
                learner.Epsilon = epsilon;
                learner.LearningRate =
                    config.LearningRate
                    + ((config.LearningRateEnd - config.LearningRate) * Math.Min(1.0, (double)envSteps / config.TotalEnvSteps));
                worker.Step(epsilon, buffer);
                var stepped = n;
                if (RemoteSelfPlay is { } playElsewhere)
                {
                    if (remote is { IsCompleted: true })
                    {
                        var experience = remote.GetAwaiter().GetResult(); // a worker's failure ends the run
                        foreach (var batch in experience.Batches)
                        {
                            buffer.Add(batch);
                            stepped += batch.Count;
                        }
                        remoteEpisodes += experience.Episodes;
                        remote = null;
                    }
                    remote ??= playElsewhere(learner.ExportWeights(), epsilon, cancellationToken);
                }
                envSteps += stepped;
                if (buffer.Count >= config.LearningStarts)
                {
                    for (var u = 0; u < config.UpdatesPerVectorStep; u++)
                    {
                        lossSum += learner.TrainStep(buffer);
                        lossCount++;
                    }
                }
                var evaluate = Crossed(envSteps, stepped, config.EvaluationInterval);
                if (evaluate)
                {
                    Evaluate();
                }
                if (evaluate || Crossed(envSteps, stepped, config.ProgressInterval))
                {
                    Record(evaluate ? lastEval : null);
                }
                if (Crossed(envSteps, stepped, config.CheckpointInterval))
                {
                    Checkpoint();
                }
                if (Elapsed() >= timeLimit)
                {
                    stoppedByTime = true;
                    break;
                }
            }
            if (metrics.Count == 0 || metrics[^1].EnvSteps != envSteps || metrics[^1].EvalMeanShots is null)
            {
                Evaluate();
                Record(lastEval);
            }
            Select();
        }
        catch (OperationCanceledException)
        {
            Checkpoint();
            throw;
        }
        Checkpoint();
        return new TrainingResult(Snapshot(), latestPath!, bestPath, stoppedByTime, selection);
    }
}
