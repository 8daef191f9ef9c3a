using System.Diagnostics;
using Battleship.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.IdentityModel.Tokens;

namespace Battleship.Gateway.Telemetry;

/// <summary>The gateway's telemetry wiring: two calls from <c>Program.cs</c>.</summary>
internal static class GatewayTelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry from ServiceDefaults (the only SDK configuration), hub and token-validation metrics.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayTelemetry(this IHostApplicationBuilder builder)
    {
        builder.ConfigureOpenTelemetry(); // a no-op after AddServiceDefaults; the cluster client propagates trace context (ServiceDefaults)
        builder.Services.AddSingleton<HubTelemetryFilter>();
        builder.Services.Configure<HubOptions>(options => options.AddFilter<HubTelemetryFilter>());
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, CountValidations);
        return builder;
    }

    /// <summary>Returns the trace id on every response (<see cref="GatewayTelemetry.TraceIdHeader"/>) and maps <c>/metrics</c>.</summary>
    public static WebApplication UseGatewayTelemetry(this WebApplication app)
    {
        app.Use(
            (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    if (GatewayTelemetry.CurrentTraceId() is { } id)
                    {
                        context.Response.Headers[GatewayTelemetry.TraceIdHeader] = id;
                    }
                    return Task.CompletedTask;
                });
                return next(context);
            }
        );
        app.MapTelemetryEndpoints();
        return app;
    }

    private static void CountValidations(JwtBearerOptions options)
    {
        var events = options.Events ?? new JwtBearerEvents();
        var validated = events.OnTokenValidated;
        var failed = events.OnAuthenticationFailed;
        events.OnTokenValidated = async context =>
        {
            await validated(context);
            var valid = context.Result is null || context.Result.Succeeded;
            Count(valid ? "valid" : "invalid", valid ? "none" : "no_subject");
        };
        events.OnAuthenticationFailed = async context =>
        {
            Count("invalid", Reason(context.Exception));
            await failed(context);
        };
        options.Events = events;
    }

    private static void Count(string result, string reason)
    {
        GatewayTelemetry.TokenValidations.Add(
            1,
            new KeyValuePair<string, object?>(GatewayTelemetry.ResultLabel, result),
            new KeyValuePair<string, object?>(GatewayTelemetry.ReasonLabel, reason)
        );
        Activity.Current?.AddEvent(
            new ActivityEvent(
                result == "valid" ? "battleship.auth.token_valid" : "battleship.auth.token_invalid",
                tags: new ActivityTagsCollection { [GatewayTelemetry.ReasonLabel] = reason }
            )
        );
    }

    private static string Reason(Exception exception) =>
        exception switch
        {
            SecurityTokenExpiredException => "expired",
            SecurityTokenNotYetValidException => "expired",
            SecurityTokenSignatureKeyNotFoundException => "signature",
            SecurityTokenInvalidSignatureException => "signature",
            SecurityTokenInvalidIssuerException => "issuer",
            SecurityTokenInvalidAudienceException => "audience",
            SecurityTokenMalformedException => "malformed",
            ArgumentException => "malformed",
            _ => "other",
        };
}
