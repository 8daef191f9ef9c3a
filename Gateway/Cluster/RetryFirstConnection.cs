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
        LogWaiting(logger, exception.Message);
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

    [LoggerMessage(
        EventId = 3110,
        EventName = "ClusterNotReachable",
        Level = LogLevel.Warning,
        Message = "The cluster is not reachable yet ({Reason}); retrying"
    )]
    private static partial void LogWaiting(ILogger logger, string reason);
}
