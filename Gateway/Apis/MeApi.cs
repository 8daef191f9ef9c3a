using System.ComponentModel.DataAnnotations;
using Battleship.Db.Archive;

namespace Battleship.Gateway.Apis;

/// <summary><c>/api/me</c>: the signed-in user (created on first sight of its token's subject).</summary>
internal static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/me").WithTags("Me");
        group
            .MapGet("/", GetMeAsync)
            .WithName("GetMe")
            .WithSummary("The caller's profile; the first call with a new subject creates the user.");
        group
            .MapPut("/", UpdateMeAsync)
            .WithName("UpdateMe")
            .WithSummary("Changes the caller's display name (1–32 printable characters).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Ok<MeView>> GetMeAsync(
        CurrentUser me,
        GrainClient grains,
        RatingStore ratings,
        CancellationToken cancellationToken
    )
    {
        var profile = await grains
            .Grain<IUserGrain>(me.Id)
            .CallAsync(nameof(IUserGrain.GetProfileAsync), g => g.GetProfileAsync(), cancellationToken);
        return TypedResults.Ok(MeView.From(profile, await RecordAsync(ratings, me, cancellationToken), me));
    }

    private static async Task<Ok<MeView>> UpdateMeAsync(
        CurrentUser me,
        UpdateMeRequest request,
        GrainClient grains,
        RatingStore ratings,
        CancellationToken cancellationToken
    )
    {
        var name = request.DisplayName ?? "";
        var profile = await grains
            .Grain<IUserGrain>(me.Id)
            .CallAsync(nameof(IUserGrain.SetDisplayNameAsync), g => g.SetDisplayNameAsync(name), cancellationToken);
        return TypedResults.Ok(MeView.From(profile, await RecordAsync(ratings, me, cancellationToken), me));
    }

    /// <summary>The caller's record, from the archive's rating row (zeros before the first rated match).</summary>
    private static Task<RatingSummary> RecordAsync(RatingStore ratings, CurrentUser me, CancellationToken cancellationToken) =>
        RatingSummary.OfAsync(ratings, ParticipantRef.User(me.Id), cancellationToken);
}

/// <summary>The caller's profile.</summary>
/// <param name="Id">The internal user id.</param>
/// <param name="DisplayName">The name others see.</param>
/// <param name="CreatedAt">First sign-in.</param>
/// <param name="Games">Finished matches.</param>
/// <param name="Wins">Matches won.</param>
/// <param name="Losses">Matches lost.</param>
/// <param name="ActiveMatches">Matches being played.</param>
/// <param name="IsAdmin">Whether the token carries the admin role.</param>
/// <param name="Issuer">The token's issuer.</param>
/// <param name="Subject">The token's subject.</param>
internal sealed record MeView(
    Guid Id,
    string DisplayName,
    DateTimeOffset CreatedAt,
    int Games,
    int Wins,
    int Losses,
    IReadOnlyList<Guid> ActiveMatches,
    bool IsAdmin,
    string Issuer,
    string Subject
)
{
    public static MeView From(UserProfile profile, RatingSummary record, CurrentUser me) =>
        new(
            profile.Id,
            profile.DisplayName,
            profile.CreatedAt,
            record.Games,
            record.Wins,
            record.Losses,
            profile.ActiveMatches,
            me.IsAdmin,
            me.Issuer,
            me.Subject
        );
}

/// <summary>The body of <c>PUT /api/me</c>.</summary>
/// <param name="DisplayName">The new display name.</param>
internal sealed record UpdateMeRequest([property: MaxLength(Limits.DisplayNameMaxLength)] string? DisplayName);
