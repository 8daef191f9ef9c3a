using System.Linq.Expressions;
using Battleship.Db.Archive.Entities;
using Battleship.Grains.Models;

namespace Battleship.Db.Archive;

/// <summary>
/// The one adapter between the archive's rows and the contract models (<c>Battleship.Grains.Models</c>):
/// every store and the grains' archive port read and write through it.
/// </summary>
internal static class ArchiveModels
{
    /// <summary>An agent row as a profile (usable inside a query).</summary>
    public static readonly Expression<Func<AgentRow, AgentProfile>> Agent = a => new AgentProfile(
        a.Id,
        a.Name,
        a.Kind,
        a.Policy,
        a.OwnerUserId,
        a.IsBuiltin,
        a.CreatedAt
    );

    /// <summary>Writes an agent's profile into its row: every column but the id and the creation time (<see cref="ArchiveWriter.UpsertAsync"/>).</summary>
    public static void Write(AgentProfile agent, AgentRow row)
    {
        row.Name = agent.Name;
        row.Kind = agent.Kind;
        row.Policy = agent.Policy;
        row.OwnerUserId = agent.OwnerId;
        row.IsBuiltin = agent.IsBuiltIn;
    }

    /// <summary>The side of a match or the owner of a rating that two nullable columns store: exactly one is set.</summary>
    public static ParticipantRef Participant(Guid? userId, Guid? agentId) =>
        userId is { } user ? ParticipantRef.User(user)
        : agentId is { } agent ? ParticipantRef.Agent(agent)
        : throw new InvalidOperationException("A stored participant has neither a user nor an agent.");

    /// <summary>The user column of a participant.</summary>
    public static Guid? UserId(ParticipantRef participant) => participant.Kind == ParticipantKind.User ? participant.Id : null;

    /// <summary>The agent column of a participant.</summary>
    public static Guid? AgentId(ParticipantRef participant) => participant.Kind == ParticipantKind.Agent ? participant.Id : null;

    /// <summary>A rating row as its participant's rating and record.</summary>
    public static RatingRecord Rating(RatingRow row) =>
        new(
            Participant(row.UserId, row.AgentId),
            new GlickoRating(row.Rating, row.Deviation, row.Volatility),
            row.Games,
            row.Wins,
            row.Losses,
            row.CurrentStreak,
            row.UpdatedAt
        );

    /// <summary>A match row as a line of someone's history.</summary>
    public static MatchHistoryItem HistoryItem(MatchRow m) =>
        new(
            m.Id,
            m.RoomId,
            Participant(m.PlayerOneUserId, m.PlayerOneAgentId),
            Participant(m.PlayerTwoUserId, m.PlayerTwoAgentId),
            m.Winner,
            m.EndReason,
            m.StartedAt,
            m.FinishedAt,
            m.MoveCount
        );

    /// <summary>A training job's row as a line of the list (its name and progress come from the digest in <c>progress</c>).</summary>
    public static TrainingJobSummary TrainingJobSummary(TrainingJobRow row)
    {
        var digest = TrainingJobDigest.Parse(row.Progress);
        return new(
            row.Id,
            digest?.Name ?? "",
            row.OwnerUserId,
            row.Status,
            digest?.Progress,
            digest?.BestEvalMeanShots,
            row.AgentId,
            digest?.Error,
            row.CreatedAt,
            row.StartedAt,
            row.FinishedAt
        );
    }

    /// <summary>A training job's row as a view: what the archive knows of the job (no metric history, no silo).</summary>
    public static TrainingJobView TrainingJobView(TrainingJobRow row)
    {
        var summary = TrainingJobSummary(row);
        return new(
            summary.Id,
            summary.Name,
            summary.OwnerId,
            summary.Status,
            row.Config,
            summary.Progress,
            [],
            row.BestCheckpoint,
            summary.BestEvalMeanShots,
            summary.AgentId,
            summary.Error,
            null,
            summary.CreatedAt,
            summary.StartedAt,
            summary.FinishedAt
        );
    }

    /// <summary>Writes a training job's record into its row: every column but the id and the creation time (<see cref="ArchiveWriter.UpsertAsync"/>).</summary>
    public static void Write(TrainingJobRecord job, TrainingJobRow row)
    {
        row.OwnerUserId = job.OwnerUserId;
        row.Status = job.Status;
        row.Config = job.Config;
        row.Progress = job.Progress;
        row.BestCheckpoint = job.BestCheckpoint;
        row.AgentId = job.AgentId;
        row.StartedAt = ArchiveWriter.Stored(job.StartedAt);
        row.FinishedAt = ArchiveWriter.Stored(job.FinishedAt);
    }

    /// <summary>A training job's view as the record the archive writes (the name and progress go into a digest).</summary>
    public static TrainingJobRecord TrainingJobRecord(TrainingJobView job) =>
        new(
            job.Id,
            job.OwnerId,
            job.Status,
            string.IsNullOrWhiteSpace(job.ConfigJson) ? "{}" : job.ConfigJson,
            TrainingJobDigest.Serialize(TrainingJobDigest.From(job)),
            job.BestCheckpoint,
            job.AgentId,
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt
        );

    /// <summary>Writes a room's snapshot into its row: every column but the id and the creation time (<see cref="ArchiveWriter.UpsertAsync"/>).</summary>
    public static void Write(RoomSnapshot room, RoomRow row)
    {
        row.Name = room.Name;
        row.OwnerUserId = room.OwnerUserId;
        row.IsPrivate = room.IsPrivate;
        row.AiAgentId = room.AiAgentId;
        row.Status = room.Status;
        row.ClosedAt = ArchiveWriter.Stored(room.ClosedAt);
    }

    /// <summary>A room's view as the snapshot the archive keeps; <paramref name="now"/> is its closing time when it is closed.</summary>
    public static RoomSnapshot RoomSnapshot(RoomView room, DateTimeOffset now) =>
        new(
            room.Id,
            room.Name,
            room.OwnerId,
            room.IsPrivate,
            room.AgentId,
            room.Status,
            room.CreatedAt,
            room.Status == RoomStatus.Closed ? now : null
        );
}
