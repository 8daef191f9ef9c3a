using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Battleship.Hosting;

/// <summary>Healthy while the local silo is <see cref="SiloStatus.Active"/> in the cluster; unhealthy while joining or leaving.</summary>
/// <param name="oracle">The local silo's view of membership.</param>
internal sealed class SiloHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = oracle.CurrentStatus;
        var description = $"Silo {oracle.SiloName} ({oracle.SiloAddress}) is {status}.";
        return Task.FromResult(
            status == SiloStatus.Active ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description)
        );
    }
}
