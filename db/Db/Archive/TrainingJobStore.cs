using Battleship.Grains.Models;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>The archive's training jobs (<c>training_jobs</c>): what the gateway lists without a trainer silo.</summary>
/// <param name="writer">The archive's shared write helper.</param>
public sealed class TrainingJobStore(ArchiveWriter writer)
{
    /// <summary>Inserts or updates a training job (by id).</summary>
    /// <param name="job">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the job was created.</returns>
    public Task<bool> UpsertTrainingJobAsync(TrainingJobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(job.Config, nameof(job));
        if (job.BestCheckpoint is { Length: > ArchiveLimits.CheckpointMaxLength })
        {
            throw new ArgumentException($"A checkpoint path has at most {ArchiveLimits.CheckpointMaxLength} characters.", nameof(job));
        }
        return writer.UpsertAsync(db => db.TrainingJobs, job.Id, job.CreatedAt, row => ArchiveModels.Write(job, row), cancellationToken);
    }

    /// <summary>A training job as the archive knows it (no metric history, no silo).</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job, or null.</returns>
    public Task<TrainingJobView?> GetTrainingJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        writer.ReadAsync(
            async (db, ct) =>
                await db.TrainingJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct) is { } row
                    ? ArchiveModels.TrainingJobView(row)
                    : null,
            cancellationToken
        );

    /// <summary>Training jobs, newest first (ties: id).</summary>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="Limits.MaxPageSize"/>.</param>
    /// <param name="ownerUserId">Only this user's jobs, when given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<Page<TrainingJobSummary>> ListTrainingJobsAsync(
        int page,
        int pageSize,
        Guid? ownerUserId = null,
        CancellationToken cancellationToken = default
    ) =>
        writer.ReadPageAsync(
            db =>
                ownerUserId is { } owner
                    ? db.TrainingJobs.AsNoTracking().Where(j => j.OwnerUserId == owner)
                    : db.TrainingJobs.AsNoTracking(),
            jobs => jobs.OrderByDescending(j => j.CreatedAt).ThenBy(j => j.Id),
            ArchiveModels.TrainingJobSummary,
            page,
            pageSize,
            cancellationToken
        );
}
