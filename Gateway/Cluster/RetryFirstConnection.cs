namespace Battleship.Gateway.Cluster;

/// <summary>
/// Keeps the Orleans client trying to reach the cluster at start-up (every two seconds) instead of
/// failing the gateway when no silo is up yet; the readiness check reports the gap meanwhile.
/// </summary>
internal sealed partial class RetryFirstConnection(ILogger<RetryFirstConnection> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        ClusterNotReachable(logger, exception.Message);
        try
        {
            await Task.Delay(Pause, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }

    [LoggerMessage(3110, LogLevel.Warning, "The cluster is not reachable yet ({Reason}); retrying")]
    private static partial void ClusterNotReachable(ILogger logger, string reason);
}
