using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Battleship.Gateway.Hosting;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and the Scalar API reference (<c>/docs</c>).</summary>
internal static class OpenApiSetup
{
    private const string BearerScheme = "Bearer";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(
                (document, _, _) =>
                {
                    document.Info = new OpenApiInfo
                    {
                        Title = "Battleship Gateway",
                        Version = "v1",
                        Description =
                            "REST API of the Battleship game server. Sign in with a bearer token (Auth0, or `POST /auth/dev-token` "
                            + "when the local issuer is enabled). Real-time play uses the SignalR hubs `/hubs/lobby` and `/hubs/match`.",
                    };
                    document.Components ??= new OpenApiComponents();
                    document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                    document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "An access token from Auth0 or from the local issuer.",
                    };
                    return Task.CompletedTask;
                }
            );
            // Only the operations that need a token say so; the anonymous ones (sign-in, health, status) do not.
            options.AddOperationTransformer(
                (operation, context, _) =>
                {
                    var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                    if (!metadata.OfType<IAllowAnonymous>().Any())
                    {
                        operation.Security =
                        [
                            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                        ];
                    }
                    return Task.CompletedTask;
                }
            );
        });

    public static IEndpointRouteBuilder MapGatewayOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        endpoints.MapScalarApiReference("/docs", ConfigureReference).AllowAnonymous().DisableRateLimiting();
        return endpoints;
    }

    /// <summary>
    /// The link back to the game above the reference (Scalar renders it after <c>&lt;body&gt;</c>), and
    /// the page's language, which Scalar's page does not state (axe: <c>html-has-lang</c>).
    /// </summary>
    internal const string HeaderContent = """
        <script>document.documentElement.lang = "en";</script>
        <header class="battleship-docs-header"><a href="/">&larr; Back to Battleship</a><span>API reference</span></header>
        """;

    /// <summary>
    /// The header's style, and Scalar's secondary text colours made dark (or light) enough for WCAG AA
    /// contrast (axe: <c>color-contrast</c>; Scalar's light theme greys, accent and method colours are about 3:1).
    /// </summary>
    private const string HeaderCss = """
        .battleship-docs-header { display: flex; gap: 1rem; align-items: center; padding: 0.5rem 1rem;
          border-bottom: 1px solid var(--scalar-border-color); background: var(--scalar-background-1);
          color: var(--scalar-color-1); font: 14px/1.4 system-ui, sans-serif; }
        .battleship-docs-header a { color: var(--scalar-color-1); font-weight: 600; text-decoration: underline; }
        .light-mode { --scalar-color-2: #595959 !important; --scalar-color-3: #616161 !important;
          --scalar-color-accent: #0a58ca !important; --scalar-color-blue: #0a58ca !important;
          --scalar-color-green: #007a4d !important; --scalar-color-orange: #a34d00 !important;
          --scalar-color-yellow: #806600 !important; --scalar-color-red: #c01c1c !important;
          --scalar-color-purple: #7a3ec8 !important; }
        .dark-mode { --scalar-color-2: rgba(255, 255, 255, 0.8) !important; --scalar-color-3: rgba(255, 255, 255, 0.7) !important; }
        """;

    /// <summary>
    /// The reference is self-contained: its script comes from the gateway (Scalar.AspNetCore embeds it),
    /// no web fonts from Scalar's CDN (the system's fonts instead), no telemetry, and none of the
    /// hosted services' buttons (developer toolbar with "Deploy"/"Generate SDK", the client button,
    /// "Ask AI", MCP), which have nothing to do with this API and would call out to the internet.
    /// </summary>
    internal static void ConfigureReference(ScalarOptions options) =>
        options
            .WithTitle("Battleship API reference")
            .AddPreferredSecuritySchemes(BearerScheme)
            .DisableTelemetry()
            .DisableDefaultFonts()
            .HideDeveloperTools()
            .HideClientButton()
            .DisableAgent()
            .DisableMcp()
            .AddHeaderContent(HeaderContent)
            .WithCustomCss(HeaderCss);
}
