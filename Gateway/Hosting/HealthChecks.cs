using Battleship.Db.Archive;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Battleship.Gateway.Hosting;

/// <summary>Ready when the cluster has at least one active silo that answers and hosts the game's grains.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
            if (hosts.Count == 0)
            {
                return HealthCheckResult.Unhealthy("No active silo.");
            }
            // A trainer silo alone hosts no game grains: not ready for players until a game silo is.
            return ClusterErrors.MissingGameGrains(grains) is { } missing
                ? HealthCheckResult.Unhealthy($"No game silo is up ({missing}).")
                : HealthCheckResult.Healthy($"{hosts.Count} active silo(s)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", e);
        }
    }
}

/// <summary>Ready when the archive database accepts a connection.</summary>
internal sealed class ArchiveHealthCheck(IDbContextFactory<ArchiveDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database refuses connections.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}

/// <summary>The names and tags of the gateway's health checks.</summary>
internal static class HealthChecks
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services)
    {
        services
            .AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ArchiveHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }
}
