using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Battleship.ServiceDefaults;

/// <summary>
/// The cross-cutting defaults every host starts with (the .NET Aspire "service defaults"
/// convention): health checks and their endpoints, console logging, and the place where
/// OpenTelemetry is wired. Hosts call <see cref="AddServiceDefaults{TBuilder}"/> first and, when
/// they serve HTTP, <see cref="MapDefaultEndpoints"/>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The liveness endpoint: 200 while the process runs and answers.</summary>
    public const string HealthPath = "/health";

    /// <summary>The readiness endpoint: 200 when every check passes (for a silo: it is active in the cluster).</summary>
    public const string ReadyPath = "/ready";

    /// <summary>The same readiness under the path the gateway and the container images use (<c>/health/ready</c>).</summary>
    public const string HealthReadyPath = HealthPath + ReadyPath;

    /// <summary>The tag of the checks that <see cref="HealthPath"/> runs.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of checks that only <see cref="ReadyPath"/> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds health checks, console logging and telemetry.</summary>
    /// <typeparam name="TBuilder">The host builder.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>Maps <see cref="HealthPath"/> (liveness), <see cref="ReadyPath"/> and <see cref="HealthReadyPath"/> (readiness) and <see cref="Telemetry.MetricsPath"/> (Prometheus).</summary>
    /// <param name="app">The web application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks(ReadyPath);
        app.MapHealthChecks(HealthReadyPath);
        app.MapTelemetryEndpoints();
        return app;
    }
}
