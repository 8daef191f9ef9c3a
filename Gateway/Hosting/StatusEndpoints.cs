using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Battleship.Gateway.Hosting;

/// <summary><c>/health</c> (liveness), <c>/health/ready</c> (cluster and database) and <c>/status</c>.</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync })
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithTags("Status");
        endpoints
            .MapHealthChecks(
                "/health/ready",
                new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthChecks.ReadyTag), ResponseWriter = WriteHealthAsync }
            )
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithTags("Status");
        endpoints
            .MapGet("/status", GetStatusAsync)
            .AllowAnonymous()
            .WithName("GetStatus")
            .WithTags("Status")
            .WithSummary("Version, commit, build time, environment, the cluster's silos and the uptime.");
        return endpoints;
    }

    private static async Task<GatewayStatus> GetStatusAsync(
        GrainClient grains,
        IHostEnvironment environment,
        GatewayClock clock,
        CancellationToken cancellationToken
    )
    {
        IReadOnlyList<SiloStatusView>? silos;
        try
        {
            var hosts = await grains
                .Grain<IManagementGrain>(0)
                .CallAsync(nameof(IManagementGrain.GetHosts), g => g.GetHosts(onlyActive: false), cancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            silos =
            [
                .. hosts
                    .Select(h => new SiloStatusView(h.Key.ToString(), h.Value.ToString()))
                    .OrderBy(s => s.Address, StringComparer.Ordinal),
            ];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            silos = null; // the cluster does not answer; /health/ready says so too
        }
        var build = BuildInfo.Current;
        var now = clock.Time.GetUtcNow();
        return new GatewayStatus(
            "gateway",
            build.Version,
            build.Commit,
            build.BuildTime,
            environment.EnvironmentName,
            clock.StartedAt,
            (long)(now - clock.StartedAt).TotalSeconds,
            silos is not null,
            silos ?? []
        );
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }
            ),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>The gateway's status.</summary>
/// <param name="Service">Always <c>gateway</c>.</param>
/// <param name="Version">The product version.</param>
/// <param name="Commit">The git commit it was built from (<c>unknown</c> outside a checkout).</param>
/// <param name="BuildTime">When the gateway was built.</param>
/// <param name="Environment">The hosting environment (Development, Production, ...).</param>
/// <param name="StartedAt">When this process started.</param>
/// <param name="UptimeSeconds">Seconds since <paramref name="StartedAt"/>.</param>
/// <param name="ClusterReachable">Whether the cluster answered the question about its silos.</param>
/// <param name="Silos">The silos in the cluster's membership and their status.</param>
internal sealed record GatewayStatus(
    string Service,
    string Version,
    string Commit,
    DateTimeOffset BuildTime,
    string Environment,
    DateTimeOffset StartedAt,
    long UptimeSeconds,
    bool ClusterReachable,
    IReadOnlyList<SiloStatusView> Silos
);

/// <summary>A silo of the cluster.</summary>
/// <param name="Address">Its address (<c>ip:port@generation</c>).</param>
/// <param name="Status">Active, Joining, ShuttingDown, Dead, ...</param>
internal sealed record SiloStatusView(string Address, string Status);

/// <summary>The gateway's time source and the moment it started.</summary>
internal sealed class GatewayClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
}
