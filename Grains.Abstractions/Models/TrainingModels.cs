namespace Battleship.Grains.Models;

/// <summary>Where a training job stands.</summary>
public enum TrainingJobStatus
{
    /// <summary>Accepted, not yet training.</summary>
    Queued,

    /// <summary>Training (or about to resume from its last checkpoint).</summary>
    Running,

    /// <summary>Finished its budget; the best checkpoint is registered as an agent.</summary>
    Completed,

    /// <summary>Stopped by an error (for example a NaN loss); see the job's error.</summary>
    Failed,

    /// <summary>Cancelled by its owner or an admin.</summary>
    Cancelled,
}

/// <summary>A training job in a list.</summary>
/// <remarks>What the archive keeps of it.</remarks>
/// <param name="Id">The job.</param>
/// <param name="Name">Its name.</param>
/// <param name="OwnerId">Who submitted it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Progress">The latest progress.</param>
/// <param name="BestEvalMeanShots">The best evaluation so far.</param>
/// <param name="AgentId">The agent registered when it completed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="CreatedAt">Submitted at.</param>
/// <param name="StartedAt">Started at.</param>
/// <param name="FinishedAt">Ended at.</param>
[GenerateSerializer, Immutable, Alias("battleship.training-job-summary")]
public sealed record TrainingJobSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid? OwnerId,
    [property: Id(3)] TrainingJobStatus Status,
    [property: Id(4)] TrainingProgress? Progress,
    [property: Id(5)] double? BestEvalMeanShots,
    [property: Id(6)] Guid? AgentId,
    [property: Id(7)] string? Error,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? StartedAt,
    [property: Id(10)] DateTimeOffset? FinishedAt
);

/// <summary>What a user asks to train.</summary>
/// <param name="Name">1–64 printable characters; also the name of the agent the job registers.</param>
/// <param name="ConfigJson">Overrides of the trainer's default configuration (a JSON object), or null for the defaults.</param>
/// <param name="OwnerId">The submitting user.</param>
[GenerateSerializer, Immutable, Alias("battleship.training-job-request")]
public sealed record TrainingJobRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] string? ConfigJson,
    [property: Id(2)] Guid? OwnerId
);

/// <summary>Progress of a run at one moment (also one point of the metric history).</summary>
/// <param name="Step">Environment steps so far.</param>
/// <param name="TotalSteps">The budget in environment steps.</param>
/// <param name="Episodes">Finished self-play episodes.</param>
/// <param name="Epsilon">Exploration rate now.</param>
/// <param name="Loss">Mean training loss since the previous report, if any update ran.</param>
/// <param name="EvalMeanShots">Mean shots to win in the latest evaluation, if one ran.</param>
/// <param name="StepsPerSecond">Environment steps per second since the previous report.</param>
/// <param name="At">When.</param>
[GenerateSerializer, Immutable, Alias("battleship.training-progress")]
public sealed record TrainingProgress(
    [property: Id(0)] long Step,
    [property: Id(1)] long TotalSteps,
    [property: Id(2)] long Episodes,
    [property: Id(3)] double Epsilon,
    [property: Id(4)] double? Loss,
    [property: Id(5)] double? EvalMeanShots,
    [property: Id(6)] double StepsPerSecond,
    [property: Id(7)] DateTimeOffset At
);

/// <summary>How a run ended.</summary>
/// <param name="Status">Completed, Failed or Cancelled.</param>
/// <param name="BestCheckpoint">The best checkpoint's name, when there is one.</param>
/// <param name="BestEvalMeanShots">Its evaluation.</param>
/// <param name="Error">For Failed: what went wrong (no stack trace).</param>
[GenerateSerializer, Immutable, Alias("battleship.training-run-result")]
public sealed record TrainingRunResult(
    [property: Id(0)] TrainingJobStatus Status,
    [property: Id(1)] string? BestCheckpoint,
    [property: Id(2)] double? BestEvalMeanShots,
    [property: Id(3)] string? Error
);

/// <summary>A training job as the API shows it.</summary>
/// <param name="Id">The job.</param>
/// <param name="Name">Its name.</param>
/// <param name="OwnerId">Who submitted it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ConfigJson">The overrides it was submitted with.</param>
/// <param name="Progress">The latest progress, if any.</param>
/// <param name="History">Metric history, oldest first (at most <see cref="MaxHistory"/> points, thinned evenly).</param>
/// <param name="BestCheckpoint">The best checkpoint so far.</param>
/// <param name="BestEvalMeanShots">Its evaluation.</param>
/// <param name="AgentId">The agent registered when the job completed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Silo">The trainer silo running it now (or last).</param>
/// <param name="CreatedAt">Submitted at.</param>
/// <param name="StartedAt">First started at.</param>
/// <param name="FinishedAt">Ended at.</param>
[GenerateSerializer, Immutable, Alias("battleship.training-job-view")]
public sealed record TrainingJobView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid? OwnerId,
    [property: Id(3)] TrainingJobStatus Status,
    [property: Id(4)] string? ConfigJson,
    [property: Id(5)] TrainingProgress? Progress,
    [property: Id(6)] IReadOnlyList<TrainingProgress> History,
    [property: Id(7)] string? BestCheckpoint,
    [property: Id(8)] double? BestEvalMeanShots,
    [property: Id(9)] Guid? AgentId,
    [property: Id(10)] string? Error,
    [property: Id(11)] string? Silo,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset? StartedAt,
    [property: Id(14)] DateTimeOffset? FinishedAt
)
{
    /// <summary>The most points the metric history keeps.</summary>
    public const int MaxHistory = 500;
}

/// <summary>What a self-play worker is asked for.</summary>
/// <param name="Weights">The policy's weights (the trainer's own serialisation).</param>
/// <param name="Epsilon">Exploration rate.</param>
/// <param name="Steps">Environment steps to play.</param>
/// <param name="Seed">Seed of the environments and the exploration.</param>
/// <param name="ConfigJson">The job's effective configuration.</param>
[GenerateSerializer, Immutable, Alias("battleship.experience-request")]
public sealed record ExperienceRequest(
    [property: Id(0)] byte[] Weights,
    [property: Id(1)] double Epsilon,
    [property: Id(2)] int Steps,
    [property: Id(3)] ulong Seed,
    [property: Id(4)] string ConfigJson
);

/// <summary>Transitions a worker played (the trainer's own compact encoding) and where it played them.</summary>
/// <param name="Transitions">The encoded transitions.</param>
/// <param name="Count">How many.</param>
/// <param name="Episodes">Episodes finished while playing them.</param>
/// <param name="Silo">The silo that played them.</param>
[GenerateSerializer, Immutable, Alias("battleship.experience-batch")]
public sealed record ExperienceBatch(
    [property: Id(0)] byte[] Transitions,
    [property: Id(1)] int Count,
    [property: Id(2)] int Episodes,
    [property: Id(3)] string Silo
);

/// <summary>
/// What the archive's <c>training_jobs.progress</c> column holds (JSON): the job's name and latest
/// figures, so that jobs can be listed from SQL without their grains (and without a trainer silo).
/// </summary>
/// <param name="Name">The job's name.</param>
/// <param name="Progress">The latest progress.</param>
/// <param name="BestEvalMeanShots">The best evaluation so far.</param>
/// <param name="Error">Why it failed.</param>
public sealed record TrainingJobDigest(string Name, TrainingProgress? Progress, double? BestEvalMeanShots, string? Error)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The digest of a job.</summary>
    public static TrainingJobDigest From(TrainingJobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Name, job.Progress, job.BestEvalMeanShots, job.Error);
    }

    /// <summary>As JSON.</summary>
    public static string Serialize(TrainingJobDigest digest) => System.Text.Json.JsonSerializer.Serialize(digest, Json);

    /// <summary>From JSON; null for null or unreadable text.</summary>
    public static TrainingJobDigest? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<TrainingJobDigest>(json, Json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
