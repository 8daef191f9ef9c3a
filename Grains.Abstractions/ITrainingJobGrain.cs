using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>
/// A training job (key: the job id), placed on trainer silos only. Its state (status, progress,
/// metric history) is grain state in SQL and mirrored to the archive; a job that was running when
/// its silo stopped resumes from its last checkpoint on a trainer silo.
/// </summary>
[Alias("battleship.training-job-grain")]
public interface ITrainingJobGrain : IGrainWithGuidKey
{
    /// <summary>Submits the job (Queued, then Running). Submitting the same request again answers the job as it is.</summary>
    [Alias("submit")]
    Task<TrainingJobView> SubmitAsync(TrainingJobRequest request);

    /// <summary>The job; <see cref="ErrorCode.NotFound"/> when it was never submitted.</summary>
    [Alias("get")]
    Task<TrainingJobView> GetAsync();

    /// <summary>
    /// Cancels a queued or running job (its last checkpoint stays) on behalf of its owner or an admin
    /// (<see cref="ErrorCode.NotFound"/>, <see cref="ErrorCode.NotOwner"/>); an ended job is answered as it is.
    /// </summary>
    [Alias("cancel-as")]
    Task<TrainingJobView> CancelAsync(Caller caller);

    /// <summary>Progress from the job's run (called by the run itself).</summary>
    [Alias("progress")]
    Task ReportProgressAsync(Guid runId, TrainingProgress progress);

    /// <summary>The end of the job's run (called by the run itself).</summary>
    [Alias("finished")]
    Task ReportFinishedAsync(Guid runId, TrainingRunResult result);
}
