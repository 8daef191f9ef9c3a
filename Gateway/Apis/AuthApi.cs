using System.ComponentModel.DataAnnotations;

namespace Battleship.Gateway.Apis;

/// <summary><c>POST /auth/dev-token</c>: tokens from the local issuer (mapped only when it is enabled).</summary>
internal static class AuthApi
{
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
        var name = PrintableText.Require(request.DisplayName, Limits.DisplayNameMaxLength, "A display name");
        var subject = PrintableText.Require(request.Subject ?? $"local|{Guid.NewGuid():N}", Limits.DevSubjectMaxLength, "A subject");
        var roles = (request.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(issuer.Issue(subject, name, roles));
    }
}

/// <summary>What <c>POST /auth/dev-token</c> signs.</summary>
/// <param name="DisplayName">The user's name (1–32 printable characters); a new user starts with it.</param>
/// <param name="Subject">The <c>sub</c> to sign for; omit it for a new user.</param>
/// <param name="Roles">Roles to grant, for example <c>admin</c>.</param>
internal sealed record DevTokenRequest(
    [property: MaxLength(Limits.DisplayNameMaxLength)] string? DisplayName,
    [property: MaxLength(Limits.DevSubjectMaxLength)] string? Subject = null,
    IReadOnlyList<string>? Roles = null
);
