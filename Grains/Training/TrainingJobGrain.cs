using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Battleship.Grains.Placement;
using Battleship.Grains.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Battleship.Grains.Training;

/// <summary>
/// A training job on a trainer silo: Queued → Running → Completed, Failed or Cancelled. The run
/// itself (the backend's <see cref="ITrainingBackend.RunAsync"/>) works off the grain's scheduler
/// and reports back through the grain's own reference, so every change of state goes through one
/// turn at a time and is written before it is answered.
/// </summary>
/// <remarks>
/// A reminder ticks every minute while the job runs: if the silo stopped (or was killed), the tick
/// activates the job on a trainer silo again and the run resumes from its newest checkpoint. The
/// run ids make late reports of a run that has been replaced harmless.
/// </remarks>
[TrainerSilosOnly]
public sealed partial class TrainingJobGrain(
    [PersistentState("job", StorageNames.Training)] IPersistentState<TrainingJobState> state,
    IServiceProvider services,
    IGameArchive archive,
    GameClock clock,
    IOptions<TrainingOptions> options,
    ILogger<TrainingJobGrain> logger
) : Grain, ITrainingJobGrain, IRemindable
{
    private const string ResumeReminder = "resume";
    private Guid JobId => _jobId ??= this.GetPrimaryKey();
    private Guid? _jobId;
    private Guid? _runId;
    private CancellationTokenSource? _run;

    private ITrainingBackend Backend =>
        services.GetService<ITrainingBackend>()
        ?? throw new BattleshipException(ErrorCode.Unavailable, "This silo has no trainer; training jobs run on trainer silos.");

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status == TrainingJobStatus.Running)
        {
            var step = state.State.Progress?.Step ?? 0;
            TrainingJobResuming(logger, JobId, step);
            await StartRunAsync();
        }
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The run stops with its activation; the reminder resumes it from its newest checkpoint.
        StopRun();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<TrainingJobView> SubmitAsync(TrainingJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = PrintableText.Require(request.Name, Limits.TrainingJobNameMaxLength, "A training job's name");
        if (state.State.IsSubmitted)
        {
            if (state.State.Name == name && state.State.Overrides == request.ConfigJson && state.State.OwnerId == request.OwnerId)
            {
                return View(); // a retried submission
            }
            throw new BattleshipException(ErrorCode.InvalidTransition, "A job with this id was submitted with other settings.");
        }

        string config;
        try
        {
            config = Backend.ResolveConfig(request.ConfigJson);
        }
        catch (ArgumentException e)
        {
            throw new BattleshipException(ErrorCode.Validation, e.Message);
        }

        state.State = new TrainingJobState
        {
            IsSubmitted = true,
            Name = name,
            OwnerId = request.OwnerId,
            Overrides = request.ConfigJson,
            Config = config,
            Status = TrainingJobStatus.Queued,
            CreatedAt = clock.UtcNow,
        };
        await SaveAsync();
        TrainingJobSubmitted(logger, JobId, name);

        state.State.Status = TrainingJobStatus.Running;
        state.State.StartedAt = clock.UtcNow;
        await SaveAsync();
        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await StartRunAsync();
        return View();
    }

    /// <inheritdoc />
    public Task<TrainingJobView> GetAsync() =>
        state.State.IsSubmitted ? Task.FromResult(View()) : throw new BattleshipException(ErrorCode.NotFound, "No such training job.");

    /// <inheritdoc />
    public async Task<TrainingJobView> CancelAsync(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await GetAsync();
        if (!caller.MayChange(state.State.OwnerId))
        {
            throw new BattleshipException(ErrorCode.NotOwner, "Only the job's owner or an admin may cancel it.");
        }
        if (state.State.Status is TrainingJobStatus.Queued or TrainingJobStatus.Running)
        {
            StopRun();
            await EndAsync(TrainingJobStatus.Cancelled, error: null);
            TrainingJobCancelled(logger, JobId);
        }
        return View();
    }

    /// <inheritdoc />
    public async Task ReportProgressAsync(Guid runId, TrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (runId != _runId || state.State.Status != TrainingJobStatus.Running)
        {
            return; // a run that has been replaced or stopped
        }
        DelayDeactivation(TimeSpan.FromMinutes(5));
        state.State.Progress = progress;
        var history = state.State.History;
        history.Add(progress);
        if (history.Count > TrainingJobView.MaxHistory)
        {
            // Keep every other point (and the newest): the curve keeps its shape at half the resolution.
            state.State.History = [.. history.Where((_, i) => i % 2 == 0 || i == history.Count - 1)];
        }
        await SaveAsync();
    }

    /// <inheritdoc />
    public async Task ReportFinishedAsync(Guid runId, TrainingRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (runId != _runId || state.State.Status != TrainingJobStatus.Running)
        {
            return;
        }
        _runId = null;
        state.State.BestCheckpoint = result.BestCheckpoint ?? state.State.BestCheckpoint;
        state.State.BestEvalMeanShots = result.BestEvalMeanShots ?? state.State.BestEvalMeanShots;
        if (result.Status == TrainingJobStatus.Completed && state.State.BestCheckpoint is { } checkpoint)
        {
            await RegisterAgentAsync(checkpoint);
        }
        await EndAsync(result.Status, result.Error);
        TrainingJobFinished(logger, JobId, result.Status, result.BestEvalMeanShots);
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Status != TrainingJobStatus.Running)
        {
            await UnregisterAsync();
        }
        else if (_runId is null)
        {
            await StartRunAsync();
        }
    }

    private async Task StartRunAsync()
    {
        var backend = Backend;
        StopRun();
        var runId = Guid.NewGuid();
        var cancellation = new CancellationTokenSource();
        _runId = runId;
        _run = cancellation;
        state.State.Silo = RuntimeIdentity;
        await SaveAsync();

        var self = this.AsReference<ITrainingJobGrain>();
        var jobId = this.GetPrimaryKey();
        var directory = Path.GetFullPath(Path.Combine(options.Value.Directory, jobId.ToString("N")));
        var workers = new WorkerPool(GrainFactory, jobId, Math.Max(1, options.Value.WorkersPerJob));
        var context = new TrainingRunContext(jobId, state.State.Config, directory, workers, p => self.ReportProgressAsync(runId, p));
        _ = Task.Run(() => RunAsync(backend, context, self, runId, cancellation.Token), CancellationToken.None);
    }

    private async Task RunAsync(
        ITrainingBackend backend,
        TrainingRunContext context,
        ITrainingJobGrain self,
        Guid runId,
        CancellationToken cancellationToken
    )
    {
        TrainingRunResult result;
        try
        {
            var outcome = await backend.RunAsync(context, cancellationToken);
            result = new TrainingRunResult(TrainingJobStatus.Completed, outcome.BestCheckpoint, outcome.BestEvalMeanShots, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // cancelled by the job (its state already says so) or stopped with its activation
        }
        catch (TrainingFailedException e)
        {
            result = new TrainingRunResult(TrainingJobStatus.Failed, null, null, e.Message);
        }
        catch (Exception e)
        {
            TrainingRunFailed(logger, e, context.JobId);
            result = new TrainingRunResult(
                TrainingJobStatus.Failed,
                null,
                null,
                "The trainer failed unexpectedly; see the trainer silo's log."
            );
        }
        try
        {
            await self.ReportFinishedAsync(runId, result);
        }
        catch (Exception e)
        {
            // The reminder resumes the job from its newest checkpoint.
            TrainingReportFailed(logger, e, context.JobId);
        }
    }

    private void StopRun()
    {
        _runId = null;
        if (_run is not null)
        {
            _run.Cancel();
            _run.Dispose();
            _run = null;
        }
    }

    private async Task RegisterAgentAsync(string checkpoint)
    {
        var agentId = this.GetPrimaryKey(); // one agent per job, with the job's id
        try
        {
            await GrainFactory
                .GetGrain<IAgentGrain>(agentId)
                .DefineAsync(new AgentDefinition(state.State.Name, AgentKind.Dqn, checkpoint, state.State.OwnerId));
            state.State.AgentId = agentId;
        }
        catch (BattleshipException e)
        {
            state.State.Error = $"The trained agent could not be registered: {e.Message}";
        }
    }

    private async Task EndAsync(TrainingJobStatus status, string? error)
    {
        state.State.Status = status;
        state.State.Error = error ?? state.State.Error;
        state.State.FinishedAt = clock.UtcNow;
        await SaveAsync();
        await UnregisterAsync();
    }

    private async Task UnregisterAsync()
    {
        var reminder = await this.GetReminder(ResumeReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        await archive.UpsertTrainingJobAsync(View());
    }

    private TrainingJobView View()
    {
        var s = state.State;
        return new TrainingJobView(
            this.GetPrimaryKey(),
            s.Name,
            s.OwnerId,
            s.Status,
            s.Overrides,
            s.Progress,
            [.. s.History],
            s.BestCheckpoint,
            s.BestEvalMeanShots,
            s.AgentId,
            s.Error,
            s.Silo,
            s.CreatedAt,
            s.StartedAt,
            s.FinishedAt
        );
    }

    [LoggerMessage(2301, LogLevel.Information, "Training job {JobId} submitted: {Name}")]
    private static partial void TrainingJobSubmitted(ILogger logger, Guid jobId, string name);

    [LoggerMessage(2302, LogLevel.Information, "Training job {JobId} resumes from step {Step}")]
    private static partial void TrainingJobResuming(ILogger logger, Guid jobId, long step);

    [LoggerMessage(2303, LogLevel.Information, "Training job {JobId} cancelled")]
    private static partial void TrainingJobCancelled(ILogger logger, Guid jobId);

    [LoggerMessage(2304, LogLevel.Information, "Training job {JobId} ended {Status} (best mean shots {Best})")]
    private static partial void TrainingJobFinished(ILogger logger, Guid jobId, TrainingJobStatus status, double? best);

    [LoggerMessage(2305, LogLevel.Error, "Training job {JobId}: the trainer failed")]
    private static partial void TrainingRunFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(2306, LogLevel.Warning, "Training job {JobId}: the end of the run could not be recorded; the reminder resumes it")]
    private static partial void TrainingReportFailed(ILogger logger, Exception exception, Guid jobId);
}

/// <summary>The self-play worker grains of one job (<c>jobId</c> + index), called in parallel.</summary>
internal sealed class WorkerPool(IGrainFactory grains, Guid jobId, int count) : IExperienceSource
{
    public int Count => count;

    public async Task<IReadOnlyList<ExperienceBatch>> GenerateAsync(ExperienceRequest request, CancellationToken cancellationToken)
    {
        var calls = Enumerable
            .Range(0, count)
            .Select(i =>
                grains
                    .GetGrain<ISelfPlayWorkerGrain>(jobId, i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .GenerateAsync(request with { Seed = request.Seed + (ulong)i * 0x9E3779B97F4A7C15UL })
                    .WaitAsync(cancellationToken)
            );
        return await Task.WhenAll(calls);
    }
}
