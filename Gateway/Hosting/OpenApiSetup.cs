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
        endpoints
            .MapScalarApiReference(
                "/docs",
                options => options.WithTitle("Battleship API reference").AddPreferredSecuritySchemes(BearerScheme).DisableTelemetry()
            )
            .AllowAnonymous()
            .DisableRateLimiting();
        return endpoints;
    }
}
