using Battleship.Gateway.Auth;
using Battleship.Grains;
using Battleship.Grains.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Apis;

/// <summary><c>POST /auth/dev-token</c>: tokens from the local issuer (mapped only when it is enabled).</summary>
internal static class AuthApi
{
    private const int MaxSubjectLength = 128;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<LocalIssuer>() is null)
        {
            return endpoints;
        }
        endpoints
            .MapGroup("/auth")
            .WithTags("Auth")
            .AllowAnonymous()
            .MapPost("/dev-token", IssueDevToken)
            .WithName("IssueDevToken")
            .WithSummary("Issues a token from the local issuer (development and tests only).")
            .WithDescription(
                "Signs an access token for the display name. Pass the `subject` of an earlier token to sign in as the same user "
                    + "again; without one, every call is a new user. `roles: [\"admin\"]` makes an admin."
            )
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static Ok<IssuedToken> IssueDevToken(DevTokenRequest request, LocalIssuer issuer)
    {
        var name = DisplayNames.Validate(request.DisplayName);
        var subject = request.Subject?.Trim() ?? $"local|{Guid.NewGuid():N}";
        if (subject.Length is 0 or > MaxSubjectLength || subject.Any(char.IsControl))
        {
            throw new BattleshipException(ErrorCode.Validation, $"A subject has 1 to {MaxSubjectLength} printable characters.");
        }
        var roles = (request.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(issuer.Issue(subject, name, roles));
    }
}

/// <summary>What <c>POST /auth/dev-token</c> signs.</summary>
/// <param name="DisplayName">The user's name (1–32 printable characters); a new user starts with it.</param>
/// <param name="Subject">The <c>sub</c> to sign for; omit it for a new user.</param>
/// <param name="Roles">Roles to grant, for example <c>admin</c>.</param>
internal sealed record DevTokenRequest(string? DisplayName, string? Subject = null, IReadOnlyList<string>? Roles = null);
