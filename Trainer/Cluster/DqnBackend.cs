using System.Collections.Concurrent;
using System.Text.Json;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Training;
using Battleship.Trainer.Dqn;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Battleship.Trainer.Cluster;

/// <summary>
/// The DQN behind the training grains on a trainer silo: a job is a <see cref="DqnTrainer"/> run
/// in the job's run directory whose self-play is shared with the job's worker grains (spread over
/// the trainer silos); DQN agents' shots come from <see cref="DqnPolicy"/> checkpoints.
/// </summary>
/// <remarks>
/// Checkpoint names (the policy grains' keys): <c>builtin/dqn-default</c> is the shipped agent;
/// <c>jobs/&lt;job id&gt;</c> is the best checkpoint of a job, under <see cref="TrainingOptions.Directory"/>.
/// </remarks>
public sealed partial class DqnBackend(IOptions<TrainingOptions> options, ILogger<DqnBackend> logger)
    : ITrainingBackend,
        IPolicyBackend,
        IDisposable
{
    /// <summary>The shipped agent's checkpoint name.</summary>
    public const string BuiltInCheckpoint = "builtin/dqn-default";

    /// <summary>Vector steps a worker plays per request (with the configuration's environments each).</summary>
    public const int WorkerVectorSteps = 16;

    private const string JobPrefix = "jobs/";
    private readonly ConcurrentDictionary<string, Lazy<LockedPolicy>> _policies = new(StringComparer.Ordinal);

    /// <summary>The checkpoint name of a job's best checkpoint.</summary>
    public static string JobCheckpoint(Guid jobId) => $"{JobPrefix}{jobId:N}";

    /// <inheritdoc />
    public string ResolveConfig(string? overridesJson)
    {
        var config = DqnConfig.Default;
        if (!string.IsNullOrWhiteSpace(overridesJson))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(overridesJson);
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"The configuration is not JSON: {e.Message}", e);
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException("The configuration must be a JSON object of settings to override.");
                }
                var overrides = document
                    .RootElement.EnumerateObject()
                    .Select(field =>
                        (field.Name, field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText())
                    )
                    .ToList();
                try
                {
                    config = config.WithOverrides(overrides);
                }
                catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException)
                {
                    throw new ArgumentException($"The settings: {e.Message}", e);
                }
            }
        }
        try
        {
            return config.Validate().ToJson();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public async Task<TrainingOutcome> RunAsync(TrainingRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = DqnConfig.FromJson(context.ConfigJson);
        var seed = config.Seed ^ 0x5DEECE66DUL;
        var trainer = new DqnTrainer(config, context.RunDirectory, agentId: context.JobId.ToString("N"))
        {
            RemoteSelfPlay =
                context.Workers.Count == 0
                    ? null
                    : async (weights, epsilon, ct) =>
                    {
                        var steps = WorkerVectorSteps * config.Environments;
                        var batches = await context.Workers.GenerateAsync(
                            new ExperienceRequest(weights, epsilon, steps, seed++, context.ConfigJson),
                            ct
                        );
                        return new RemoteExperience(
                            [.. batches.Select(b => ExperienceCodec.Decode(b.Transitions))],
                            batches.Sum(b => b.Episodes)
                        );
                    },
        };
        var progress = new Progress(context, logger);
        try
        {
            var result = await trainer.RunAsync(progress, cancellationToken);
            if (result.Selection is { } selection)
            {
                BestCheckpointChosen(
                    logger,
                    context.JobId,
                    selection.LastChosen ? "the last network" : "the best checkpoint",
                    selection.BestEnvSteps,
                    selection.BestMeanShots,
                    selection.LastEnvSteps,
                    selection.LastMeanShots,
                    selection.Games,
                    selection.Seed
                );
            }
            var best = result.BestCheckpoint is null ? null : JobCheckpoint(context.JobId);
            return new TrainingOutcome(best, result.State.BestEvalMeanShots);
        }
        catch (TrainingDivergedException e)
        {
            throw new TrainingFailedException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public ISelfPlaySession StartSelfPlay(string configJson, ulong seed) => new SelfPlaySession(DqnConfig.FromJson(configJson), seed);

    /// <inheritdoc />
    public int ChooseShot(string checkpoint, AgentShotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PolicyOf(checkpoint).SelectShot(ViewOf(request));
    }

    /// <inheritdoc />
    public ShotAnalysis Analyze(string checkpoint, AgentShotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = ViewOf(request);
        var probabilities = new float[view.Rules.Cells];
        var cell = PolicyOf(checkpoint).HitProbabilities(view, probabilities);
        return new ShotAnalysis(probabilities, cell, AnalysisSources.Dqn);
    }

    private LockedPolicy PolicyOf(string checkpoint) =>
        _policies.GetOrAdd(checkpoint, name => new Lazy<LockedPolicy>(() => new LockedPolicy(DqnPolicy.Load(PathOf(name), name)))).Value;

    private static TargetView ViewOf(AgentShotRequest request) =>
        new(
            request.Rules.ToRules(),
            request.Shots.ToBitboard(),
            request.Hits.ToBitboard(),
            request.SunkCells.ToBitboard(),
            request.AfloatShips
        );

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var policy in _policies.Values.Where(p => p.IsValueCreated))
        {
            policy.Value.Dispose();
        }
    }

    private string PathOf(string checkpoint)
    {
        string path;
        if (checkpoint == BuiltInCheckpoint)
        {
            path = AgentResolver.BuiltInCheckpoint;
        }
        else if (
            checkpoint.StartsWith(JobPrefix, StringComparison.Ordinal)
            && Guid.TryParseExact(checkpoint[JobPrefix.Length..], "N", out var job)
        )
        {
            path = Path.Combine(Path.GetFullPath(options.Value.Directory), job.ToString("N"), Checkpoints.BestFolder);
        }
        else
        {
            throw new ArgumentException($"No checkpoint named '{checkpoint}': use {BuiltInCheckpoint} or jobs/<job id>.");
        }
        return Directory.Exists(path) ? path : throw new ArgumentException($"The checkpoint '{checkpoint}' is not on this trainer silo.");
    }

    /// <summary>A worker's environments and acting network, kept between requests.</summary>
    private sealed class SelfPlaySession : ISelfPlaySession
    {
        private readonly QNetwork _network;
        private readonly SelfPlayWorker _worker;
        private long _episodesReported;

        public SelfPlaySession(DqnConfig config, ulong seed)
        {
            _network = new QNetwork(GameRules.Standard, config);
            _worker = new SelfPlayWorker(GameRules.Standard, config, _network, seed);
        }

        public ExperienceBatch Play(byte[] weights, double epsilon, int steps, string silo)
        {
            _worker.LoadWeights(weights);
            var batch = _worker.Collect(Math.Max(1, steps / _worker.Environments), epsilon);
            var episodes = (int)(_worker.Episodes - _episodesReported);
            _episodesReported = _worker.Episodes;
            return new ExperienceBatch(ExperienceCodec.Encode(batch), batch.Count, episodes, silo);
        }

        public void Dispose() => _network.Dispose();
    }

    /// <summary>One loaded policy; TorchSharp modules are not shared between threads, so decisions take turns.</summary>
    private sealed class LockedPolicy(DqnPolicy policy) : IDisposable
    {
        private readonly Lock _gate = new();

        public int SelectShot(TargetView view)
        {
            lock (_gate)
            {
                return policy.SelectShot(view);
            }
        }

        public int HitProbabilities(TargetView view, Span<float> probabilities)
        {
            lock (_gate)
            {
                return policy.HitProbabilities(view, probabilities);
            }
        }

        public void Dispose() => policy.Dispose();
    }

    /// <summary>Forwards the trainer's progress to the job grain (from the trainer's own thread).</summary>
    private sealed class Progress(TrainingRunContext context, ILogger logger) : IProgress<Dqn.TrainingProgress>
    {
        private TimeSpan _previousElapsed;
        private long _previousSteps;

        public void Report(Dqn.TrainingProgress value)
        {
            var seconds = (value.Elapsed - _previousElapsed).TotalSeconds;
            var rate = seconds > 0 ? (value.EnvSteps - _previousSteps) / seconds : 0;
            _previousElapsed = value.Elapsed;
            _previousSteps = value.EnvSteps;
            var report = new Grains.Models.TrainingProgress(
                value.EnvSteps,
                value.TotalEnvSteps,
                value.Point.Episodes,
                Math.Round(value.Point.Epsilon, 3),
                value.Point.Loss,
                value.EvalMeanShots,
                Math.Round(rate, 1),
                DateTimeOffset.UtcNow
            );
            try
            {
                context.ReportAsync(report).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                TrainingProgressUnreported(logger, e, context.JobId);
            }
        }
    }

    [LoggerMessage(4001, LogLevel.Warning, "Training job {JobId}: progress could not be reported")]
    private static partial void TrainingProgressUnreported(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(
        4002,
        LogLevel.Information,
        "Training job {JobId}: {Chosen} is the job's agent: the best checkpoint (step {BestEnvSteps}) {BestMeanShots:F2} shots, the last network (step {LastEnvSteps}) {LastMeanShots:F2}, on {Games} games of seed {Seed}"
    )]
    private static partial void BestCheckpointChosen(
        ILogger logger,
        Guid jobId,
        string chosen,
        long bestEnvSteps,
        double bestMeanShots,
        long lastEnvSteps,
        double lastMeanShots,
        int games,
        ulong seed
    );
}
