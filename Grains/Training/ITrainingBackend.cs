using System.ComponentModel.DataAnnotations;
using Battleship.Grains.Models;
using Microsoft.Extensions.Options;

namespace Battleship.Grains.Training;

/// <summary>
/// The machine learning behind the training grains, registered on trainer silos only (the DQN
/// trainer in <c>Trainer/</c>). The grains own the job's life cycle, persistence and distribution;
/// the backend owns the numbers.
/// </summary>
public interface ITrainingBackend
{
    /// <summary>
    /// Merges <paramref name="overridesJson"/> (a JSON object, or null) into the default configuration
    /// and checks it; returns the effective configuration as JSON.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown field or a value out of range, with a sentence saying which.</exception>
    string ResolveConfig(string? overridesJson);

    /// <summary>
    /// Trains until the budget is spent or <paramref name="cancellationToken"/> fires, resuming from
    /// the newest checkpoint in <see cref="TrainingRunContext.RunDirectory"/> when there is one.
    /// </summary>
    /// <exception cref="OperationCanceledException">The run was cancelled (its checkpoints stay).</exception>
    /// <exception cref="TrainingFailedException">The run cannot go on (a NaN loss, divergence).</exception>
    Task<TrainingOutcome> RunAsync(TrainingRunContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a worker's self-play: environments that live as long as the worker's activation, so
    /// that episodes run across requests.
    /// </summary>
    /// <param name="configJson">The job's effective configuration.</param>
    /// <param name="seed">Seed of the environments and the exploration.</param>
    ISelfPlaySession StartSelfPlay(string configJson, ulong seed);
}

public interface ISelfPlaySession : IDisposable
{
    /// <summary>Plays about <paramref name="steps"/> environment steps with the given weights (CPU-bound).</summary>
    ExperienceBatch Play(byte[] weights, double epsilon, int steps, string silo);
}

/// <summary>Loads trained policies by checkpoint name and decides shots with them (trainer silos only).</summary>
public interface IPolicyBackend
{
    /// <summary>The cell a policy fires at, given what its side knows.</summary>
    /// <exception cref="ArgumentException">No checkpoint of that name exists.</exception>
    int ChooseShot(string checkpoint, AgentShotRequest request);

    /// <summary>
    /// The policy's view of a position: per cell, the chance of a hit as the policy estimates it
    /// (in [0, 1], 0 for cells fired at), and the cell it fires at (<see cref="ChooseShot"/>'s).
    /// </summary>
    /// <exception cref="ArgumentException">No checkpoint of that name exists.</exception>
    ShotAnalysis Analyze(string checkpoint, AgentShotRequest request);
}

/// <summary>What a run is given.</summary>
/// <param name="JobId">The job.</param>
/// <param name="ConfigJson">The effective configuration.</param>
/// <param name="RunDirectory">Where the run keeps its checkpoints and metrics (created if missing).</param>
/// <param name="Workers">The job's self-play workers, spread over the trainer silos.</param>
/// <param name="ReportAsync">Progress reports (every few seconds is plenty).</param>
public sealed record TrainingRunContext(
    Guid JobId,
    string ConfigJson,
    string RunDirectory,
    IExperienceSource Workers,
    Func<TrainingProgress, Task> ReportAsync
);

/// <summary>How a finished run went.</summary>
/// <param name="BestCheckpoint">The best checkpoint's name (a policy grain loads it by this name).</param>
/// <param name="BestEvalMeanShots">Its evaluation: mean shots to win.</param>
public sealed record TrainingOutcome(string? BestCheckpoint, double? BestEvalMeanShots);

/// <summary>The self-play workers of one job.</summary>
public interface IExperienceSource
{
    /// <summary>How many workers the job has.</summary>
    int Count { get; }

    /// <summary>
    /// Sends <paramref name="request"/> to every worker, in parallel: each plays its
    /// <see cref="ExperienceRequest.Steps"/> steps with its own seed, derived from the request's.
    /// </summary>
    Task<IReadOnlyList<ExperienceBatch>> GenerateAsync(ExperienceRequest request, CancellationToken cancellationToken);
}

/// <summary>A run cannot go on: NaN or diverging loss, corrupt checkpoint. The message is shown to the job's owner.</summary>
public sealed class TrainingFailedException : Exception
{
    public TrainingFailedException() { }

    /// <summary>Creates the exception with a message for the job's owner.</summary>
    public TrainingFailedException(string message)
        : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TrainingFailedException(string message, Exception innerException)
        : base(message, innerException) { }
}

/// <summary>Where trainer silos keep training runs (section <c>Battleship:Training</c>).</summary>
public sealed class TrainingOptions
{
    public const string SectionName = "Battleship:Training";

    /// <summary>The folder of run directories (one per job); all trainer silos must see the same one.</summary>
    [Required]
    public string Directory { get; set; } = Path.Combine("artifacts", "training");

    [Range(1, 64)]
    public int WorkersPerJob { get; set; } = 2;
}

/// <summary>Checks <see cref="TrainingOptions"/> when the silo starts (source-generated from the attributes).</summary>
[OptionsValidator]
public sealed partial class TrainingOptionsValidator : IValidateOptions<TrainingOptions>;
