using Battleship.Db.Archive;

namespace Battleship.Gateway.Apis;

/// <summary><c>/api/users</c>: public profiles and match histories.</summary>
internal static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/users").WithTags("Users");
        group
            .MapGet("/{id:guid}", GetUserAsync)
            .WithName("GetUser")
            .WithSummary("A user's public profile, record and rating.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/{id:guid}/matches", GetUserMatchesAsync)
            .WithName("GetUserMatches")
            .WithSummary("A user's finished matches, newest first (from the archive).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Ok<UserView>> GetUserAsync(
        Guid id,
        GrainClient grains,
        RatingStore ratings,
        CancellationToken cancellationToken
    )
    {
        var profile = await grains
            .Grain<IUserGrain>(id)
            .CallAsync(nameof(IUserGrain.GetProfileAsync), g => g.GetProfileAsync(), cancellationToken);
        // The record is the archive's: the user's ratings row counts every rated match (none before the first).
        var rating = await RatingSummary.OfAsync(ratings, ParticipantRef.User(id), cancellationToken);
        return TypedResults.Ok(UserView.From(profile, rating));
    }

    private static async Task<Ok<Page<MatchHistoryItem>>> GetUserMatchesAsync(
        Guid id,
        [AsParameters] PageQuery paging,
        GrainClient grains,
        MatchStore matches,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = paging.Check();
        await grains.Grain<IUserGrain>(id).CallAsync(nameof(IUserGrain.GetProfileAsync), g => g.GetProfileAsync(), cancellationToken); // 404 for an unknown user
        return TypedResults.Ok(await matches.GetMatchHistoryAsync(ParticipantRef.User(id), number, size, cancellationToken));
    }
}

/// <summary>A user as everyone may see it.</summary>
/// <param name="Id">The internal user id.</param>
/// <param name="DisplayName">The name others see.</param>
/// <param name="CreatedAt">First sign-in.</param>
/// <param name="Games">Finished matches.</param>
/// <param name="Wins">Matches won.</param>
/// <param name="Losses">Matches lost.</param>
/// <param name="ActiveMatches">Matches being played (anyone may watch them).</param>
/// <param name="Rating">The user's rating on the ladder.</param>
internal sealed record UserView(
    Guid Id,
    string DisplayName,
    DateTimeOffset CreatedAt,
    int Games,
    int Wins,
    int Losses,
    IReadOnlyList<Guid> ActiveMatches,
    RatingSummary Rating
)
{
    /// <summary>The view of a user's profile with its rating (which holds its record).</summary>
    public static UserView From(UserProfile profile, RatingSummary rating) =>
        new(profile.Id, profile.DisplayName, profile.CreatedAt, rating.Games, rating.Wins, rating.Losses, profile.ActiveMatches, rating);
}
