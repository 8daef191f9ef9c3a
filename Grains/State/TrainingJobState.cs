using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>The persisted state of a training job.</summary>
[GenerateSerializer, Alias("battleship.state.training-job")]
public sealed class TrainingJobState
{
    /// <summary>Whether the job was submitted.</summary>
    [Id(0)]
    public bool IsSubmitted { get; set; }

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public Guid? OwnerId { get; set; }

    /// <summary>The overrides it was submitted with.</summary>
    [Id(3)]
    public string? Overrides { get; set; }

    [Id(4)]
    public string Config { get; set; } = "";

    [Id(5)]
    public TrainingJobStatus Status { get; set; }

    [Id(6)]
    public TrainingProgress? Progress { get; set; }

    /// <summary>Metric history, oldest first, thinned to at most <see cref="TrainingJobView.MaxHistory"/> points.</summary>
    [Id(7)]
    public List<TrainingProgress> History { get; set; } = [];

    [Id(8)]
    public string? BestCheckpoint { get; set; }

    [Id(9)]
    public double? BestEvalMeanShots { get; set; }

    /// <summary>The agent registered at the end.</summary>
    [Id(10)]
    public Guid? AgentId { get; set; }

    [Id(11)]
    public string? Error { get; set; }

    /// <summary>The silo running it now or last.</summary>
    [Id(12)]
    public string? Silo { get; set; }

    [Id(13)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(14)]
    public DateTimeOffset? StartedAt { get; set; }

    [Id(15)]
    public DateTimeOffset? FinishedAt { get; set; }
}
