using Battleship.Grains.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Archive = Battleship.Db.Archive;

namespace Battleship.Gateway.Apis;

/// <summary><c>/api/ladder</c>: the ranking, read from the archive's ratings.</summary>
internal static class LadderApi
{
    public static IEndpointRouteBuilder MapLadderApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapGroup("/api/ladder")
            .WithTags("Ladder")
            .MapGet("/", GetLadderAsync)
            .WithName("GetLadder")
            .WithSummary("The ranking by Glicko-2 rating (ties: lower deviation first); scope all, users or agents.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Ok<Page<LadderRow>>> GetLadderAsync(
        int? page,
        int? pageSize,
        Archive.LadderScope? scope,
        Archive.IArchiveStore archive,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = ApiPaging.Check(page, pageSize);
        var ladder = await archive.GetLadderAsync(number, size, scope ?? Archive.LadderScope.All, cancellationToken);
        return TypedResults.Ok(
            new Page<LadderRow>(
                [
                    .. ladder.Items.Select(e => new LadderRow(
                        e.Position,
                        ParticipantRef.From(e.Participant),
                        e.Name,
                        e.Rating.Rating,
                        e.Rating.Deviation,
                        e.Rating.Volatility,
                        e.Games,
                        e.Wins,
                        e.Losses,
                        e.CurrentStreak,
                        e.UpdatedAt
                    )),
                ],
                ladder.PageNumber,
                ladder.PageSize,
                ladder.TotalCount
            )
        );
    }
}

/// <summary>A line of the ladder.</summary>
/// <param name="Rank">1-based position.</param>
/// <param name="Participant">The user or agent.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Rating">Glicko-2 rating.</param>
/// <param name="Deviation">Rating deviation.</param>
/// <param name="Volatility">Rating volatility.</param>
/// <param name="Games">Rated games.</param>
/// <param name="Wins">Wins.</param>
/// <param name="Losses">Losses.</param>
/// <param name="CurrentStreak">Positive: wins in a row; negative: losses in a row.</param>
/// <param name="UpdatedAt">Last change.</param>
internal sealed record LadderRow(
    int Rank,
    ParticipantRef Participant,
    string Name,
    double Rating,
    double Deviation,
    double Volatility,
    int Games,
    int Wins,
    int Losses,
    int CurrentStreak,
    DateTimeOffset UpdatedAt
);
