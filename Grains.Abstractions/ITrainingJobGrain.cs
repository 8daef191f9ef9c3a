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

    /// <summary>Cancels a queued or running job (its last checkpoint stays); an ended job is answered as it is.</summary>
    [Alias("cancel")]
    Task<TrainingJobView> CancelAsync();

    /// <summary>Progress from the job's run (called by the run itself).</summary>
    [Alias("progress")]
    Task ReportProgressAsync(Guid runId, TrainingProgress progress);

    /// <summary>The end of the job's run (called by the run itself).</summary>
    [Alias("finished")]
    Task ReportFinishedAsync(Guid runId, TrainingRunResult result);
}

/// <summary>
/// A self-play worker of a training job (key: job id and worker index), on trainer silos: it plays
/// episodes with a snapshot of the policy and returns the experience. A job's workers spread over
/// the trainer silos (random placement among them).
/// </summary>
[Alias("battleship.self-play-worker-grain")]
public interface ISelfPlayWorkerGrain : IGrainWithGuidCompoundKey
{
    /// <summary>Plays <see cref="ExperienceRequest.Steps"/> environment steps and returns the transitions.</summary>
    [Alias("generate")]
    Task<ExperienceBatch> GenerateAsync(ExperienceRequest request);
}

/// <summary>A trained DQN policy (key: its checkpoint's name), on trainer silos: answers shot requests for DQN agents.</summary>
[Alias("battleship.policy-grain")]
public interface IPolicyGrain : IGrainWithStringKey
{
    /// <summary>The cell to fire at, given what the agent's side knows.</summary>
    [Alias("shot")]
    Task<int> ChooseShotAsync(AgentShotRequest request);
}
