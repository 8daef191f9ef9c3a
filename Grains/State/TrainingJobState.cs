using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>The persisted state of a training job.</summary>
[GenerateSerializer, Alias("battleship.state.training-job")]
public sealed class TrainingJobState
{
    /// <summary>Whether the job was submitted.</summary>
    [Id(0)]
    public bool IsSubmitted { get; set; }

    /// <summary>The job's name.</summary>
    [Id(1)]
    public string Name { get; set; } = "";

    /// <summary>Who submitted it.</summary>
    [Id(2)]
    public Guid? OwnerId { get; set; }

    /// <summary>The overrides it was submitted with.</summary>
    [Id(3)]
    public string? Overrides { get; set; }

    /// <summary>The effective configuration.</summary>
    [Id(4)]
    public string Config { get; set; } = "";

    /// <summary>Where it stands.</summary>
    [Id(5)]
    public TrainingJobStatus Status { get; set; }

    /// <summary>The latest progress.</summary>
    [Id(6)]
    public TrainingProgress? Progress { get; set; }

    /// <summary>Metric history, oldest first, thinned to at most <see cref="TrainingJobView.MaxHistory"/> points.</summary>
    [Id(7)]
    public List<TrainingProgress> History { get; set; } = [];

    /// <summary>The best checkpoint.</summary>
    [Id(8)]
    public string? BestCheckpoint { get; set; }

    /// <summary>Its evaluation.</summary>
    [Id(9)]
    public double? BestEvalMeanShots { get; set; }

    /// <summary>The agent registered at the end.</summary>
    [Id(10)]
    public Guid? AgentId { get; set; }

    /// <summary>Why it failed.</summary>
    [Id(11)]
    public string? Error { get; set; }

    /// <summary>The silo running it now or last.</summary>
    [Id(12)]
    public string? Silo { get; set; }

    /// <summary>Submitted at.</summary>
    [Id(13)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>First started at.</summary>
    [Id(14)]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Ended at.</summary>
    [Id(15)]
    public DateTimeOffset? FinishedAt { get; set; }
}
