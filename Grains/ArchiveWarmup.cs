using System.Diagnostics;
using Battleship.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains;

/// <summary>
/// Warms the relational archive while the silo starts, before it joins the cluster: one read builds
/// EF Core's model, opens the connection pool and sets up the query pipeline. That one-time work
/// (about 1.5 s on two shared cores, several times that when silos start together on a busy machine)
/// otherwise fell on the first grain call that touched the archive, inside its turn, which could
/// then outlast a client's 10 s response timeout. A failure is logged and does not stop the silo:
/// the first archive call then does the work, as it would without this.
/// </summary>
public sealed partial class ArchiveWarmup(IEnumerable<IStorageHealth> storage, ILogger<ArchiveWarmup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(ArchiveWarmup), ServiceLifecycleStage.ApplicationServices, WarmAsync);
    }

    private async Task WarmAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var database in storage)
            {
                await database.WarmUpAsync(cancellationToken);
            }
            ArchiveWarmedUp(logger, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ArchiveWarmupFailed(logger, e, clock.Elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(2510, LogLevel.Information, "The archive is warmed up in {Milliseconds:0} ms")]
    private static partial void ArchiveWarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(2511, LogLevel.Warning, "Warming up the archive failed after {Milliseconds:0} ms; its first use will do the work")]
    private static partial void ArchiveWarmupFailed(ILogger logger, Exception exception, double milliseconds);
}
