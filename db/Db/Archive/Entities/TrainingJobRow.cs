using Battleship.Grains.Models;

namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>training_jobs</c>: a DQN training run and what it produced.</summary>
public sealed class TrainingJobRow : IUpsertedRow
{
    /// <summary>The job id (also the TrainingJobGrain key).</summary>
    public Guid Id { get; set; }

    /// <summary>The user who started the job, if any.</summary>
    public Guid? OwnerUserId { get; set; }

    /// <summary>Queued, Running, Completed, Failed or Cancelled.</summary>
    public TrainingJobStatus Status { get; set; }

    /// <summary>The job's configuration (JSON).</summary>
    public string Config { get; set; } = "";

    /// <summary>The latest progress report (JSON), if any.</summary>
    public string? Progress { get; set; }

    /// <summary>Path of the best checkpoint so far.</summary>
    public string? BestCheckpoint { get; set; }

    /// <summary>The agent the job registered, if any.</summary>
    public Guid? AgentId { get; set; }

    /// <summary>When the job was submitted.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
