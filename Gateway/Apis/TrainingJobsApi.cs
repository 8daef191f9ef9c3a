using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Battleship.Db.Archive;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Apis;

/// <summary>
/// <c>/api/training-jobs</c>: DQN training on the trainer silos. Submitting and cancelling need a
/// trainer silo (503 <c>Unavailable</c> otherwise); the list comes from the archive and works without one.
/// </summary>
internal static class TrainingJobsApi
{
    public static IEndpointRouteBuilder MapTrainingJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/training-jobs").WithTags("Training");
        group
            .MapGet("/", ListJobsAsync)
            .WithName("ListTrainingJobs")
            .WithSummary("Training jobs, newest first; `mine=true` keeps the caller's own (paged).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapPost("/", SubmitJobAsync)
            .WithName("SubmitTrainingJob")
            .WithSummary("Starts a training job on the trainer silos: a name and overrides of the trainer's defaults.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable);
        group
            .MapGet("/{id:guid}", GetJobAsync)
            .WithName("GetTrainingJob")
            .WithSummary("A job: status, progress and metric history (from the archive, without history, when no trainer silo is up).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/{id:guid}/cancel", CancelJobAsync)
            .WithName("CancelTrainingJob")
            .WithSummary("Cancels a queued or running job (its owner or an admin).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<Ok<Page<TrainingJobSummary>>> ListJobsAsync(
        [AsParameters] PageQuery paging,
        bool? mine,
        CurrentUser me,
        TrainingJobStore jobs,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = paging.Check();
        return TypedResults.Ok(await jobs.ListTrainingJobsAsync(number, size, mine == true ? me.Id : null, cancellationToken));
    }

    private static async Task<Created<TrainingJobView>> SubmitJobAsync(
        TrainingJobBody body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        if (body.Config is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            throw new BattleshipException(ErrorCode.Validation, "config must be a JSON object of settings to override.");
        }
        var overrides = body.Config is { ValueKind: JsonValueKind.Object } config ? config.GetRawText() : null;
        var id = Guid.NewGuid();
        var view = await grains
            .Grain<ITrainingJobGrain>(id)
            .CallAsync(
                nameof(ITrainingJobGrain.SubmitAsync),
                g => g.SubmitAsync(new TrainingJobRequest(body.Name ?? "", overrides, me.Id)),
                cancellationToken
            );
        return TypedResults.Created($"/api/training-jobs/{id}", view);
    }

    private static async Task<Ok<TrainingJobView>> GetJobAsync(
        Guid id,
        GrainClient grains,
        TrainingJobStore jobs,
        CancellationToken cancellationToken
    )
    {
        var archived = await RecordAsync(jobs, id, cancellationToken);
        try
        {
            return TypedResults.Ok(
                await grains
                    .Grain<ITrainingJobGrain>(id)
                    .CallAsync(nameof(ITrainingJobGrain.GetAsync), g => g.GetAsync(), cancellationToken)
            );
        }
        catch (BattleshipException e) when (e.Code == ErrorCode.Unavailable)
        {
            return TypedResults.Ok(archived); // no trainer silo: what the archive knows
        }
    }

    private static async Task<Ok<TrainingJobView>> CancelJobAsync(
        Guid id,
        CurrentUser me,
        TrainingJobStore jobs,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return TypedResults.Ok(
                await grains
                    .Grain<ITrainingJobGrain>(id)
                    .CallAsync(
                        nameof(ITrainingJobGrain.CancelAsync),
                        g => g.CancelAsync(me.AsCaller), // the grain decides whether the caller may
                        cancellationToken
                    )
            );
        }
        catch (BattleshipException e) when (e.Code == ErrorCode.Unavailable)
        {
            await RecordAsync(jobs, id, cancellationToken); // no trainer silo: a job nobody submitted is still 404
            throw;
        }
    }

    /// <summary>The job's archive row; <see cref="ErrorCode.NotFound"/> when there is none.</summary>
    private static async Task<TrainingJobView> RecordAsync(TrainingJobStore jobs, Guid id, CancellationToken cancellationToken) =>
        await jobs.GetTrainingJobAsync(id, cancellationToken) ?? throw new BattleshipException(ErrorCode.NotFound, "No such training job.");
}

/// <summary>The body of <c>POST /api/training-jobs</c>.</summary>
/// <param name="Name">1–64 printable characters; also the name of the agent the job registers when it completes.</param>
/// <param name="Config">Settings that override the trainer's defaults (see docs/rl.md), or null.</param>
internal sealed record TrainingJobBody([property: MaxLength(Limits.TrainingJobNameMaxLength)] string? Name, JsonElement? Config);
