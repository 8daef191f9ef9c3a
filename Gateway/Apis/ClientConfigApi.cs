using Battleship.Gateway.Web;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Apis;

/// <summary><c>GET /api/config</c>: what the web client needs before sign-in (anonymous; no secrets).</summary>
internal static class ClientConfigApi
{
    public static IEndpointRouteBuilder MapClientConfigApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapGet("/api/config", GetConfig)
            .AllowAnonymous()
            .WithName("GetClientConfig")
            .WithTags("Client")
            .WithSummary("The web client's public configuration: how to sign in, and where to send browser telemetry.");
        return endpoints;
    }

    private static ClientConfig GetConfig(IOptions<AuthOptions> auth, IOptions<ClientOptions> client)
    {
        var a = auth.Value;
        var auth0 = a.Auth0.Enabled && !string.IsNullOrWhiteSpace(client.Value.Auth0ClientId);
        var mode =
            auth0 ? "auth0"
            : a.LocalIssuer.Enabled ? "local"
            : "none";
        return new ClientConfig(
            mode,
            auth0 ? a.Auth0.Domain!.Trim().TrimEnd('/') : null,
            auth0 ? client.Value.Auth0ClientId : null,
            auth0 ? a.Auth0.Audience : null,
            string.IsNullOrWhiteSpace(client.Value.OtlpTracesEndpoint) ? null : client.Value.OtlpTracesEndpoint
        );
    }
}

/// <summary>The web client's public configuration.</summary>
/// <param name="AuthMode"><c>auth0</c> (sign in with Auth0), <c>local</c> (the gateway's local issuer, <c>POST /auth/dev-token</c>) or <c>none</c>.</param>
/// <param name="Auth0Domain">The Auth0 tenant's domain when the mode is <c>auth0</c>.</param>
/// <param name="Auth0ClientId">The Auth0 single-page application's client id when the mode is <c>auth0</c>.</param>
/// <param name="Auth0Audience">The API identifier to ask Auth0 for when the mode is <c>auth0</c>.</param>
/// <param name="OtlpTracesEndpoint">Where the browser exports traces over OTLP/HTTP; null turns browser telemetry off.</param>
internal sealed record ClientConfig(
    string AuthMode,
    string? Auth0Domain,
    string? Auth0ClientId,
    string? Auth0Audience,
    string? OtlpTracesEndpoint
);
