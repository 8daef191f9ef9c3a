using Battleship.Gateway.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// The gateway's one lobby observer: subscribed to the lobby grain at start and renewed on a timer
/// and whenever the cluster's silos change (subscriptions expire, and a lobby grain that moved to
/// another silo has forgotten them), it
/// forwards each room event to every <c>/hubs/lobby</c> connection of this gateway.
/// </summary>
internal sealed partial class LobbyRelay(
    GrainClient grains,
    IHubContext<LobbyHub, ILobbyClient> hub,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<LobbyRelay> logger
) : BackgroundService, ILobbyObserver
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private ILobbyObserver? _reference;
    private readonly RenewalSchedule _renewal = new();

    /// <summary>
    /// Subscribes again now rather than at the next period: the silos this gateway can reach
    /// changed, and a lobby grain that moved has forgotten this gateway. Completes once that
    /// subscription was attempted. Called by the cluster client's gateway-count handler (Program.cs).
    /// </summary>
    public Task RenewNowAsync() => _renewal.RenewNowAsync();

    public async Task OnRoomChanged(RoomSummary room)
    {
        try
        {
            // A room's first published version is its creation.
            await (room.Version <= 1 ? hub.Clients.All.RoomCreated(room) : hub.Clients.All.RoomUpdated(room));
        }
        catch (Exception e)
        {
            LobbyPushFailed(logger, e); // never let the grain see a failure: it would drop this observer
        }
    }

    public async Task OnRoomRemoved(Guid roomId)
    {
        try
        {
            await hub.Clients.All.RoomDeleted(roomId);
        }
        catch (Exception e)
        {
            LobbyPushFailed(logger, e);
        }
    }

    /// <summary>The lobby's activation is going away, and with it this subscription: subscribes again now.</summary>
    public Task OnSubscriptionEnding()
    {
        _ = _renewal.RenewNowAsync();
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.Factory.CreateObjectReference<ILobbyObserver>(this);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = options.Value.ObserverRenewal;
            try
            {
                await grains
                    .Grain<ILobbyGrain>(ILobbyGrain.Key)
                    .CallIdempotentAsync(nameof(ILobbyGrain.SubscribeAsync), g => g.SubscribeAsync(_reference), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure, a cancellation by Orleans included: an exception that left this
                // loop would stop the gateway.
                LobbySubscribeFailed(logger, e);
                delay = RetryDelay;
            }
            _renewal.Renewed();
            try
            {
                await _renewal.WaitAsync(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref _reference, null) is { } reference)
        {
            try
            {
                await grains.Factory.GetGrain<ILobbyGrain>(ILobbyGrain.Key).UnsubscribeAsync(reference).WaitAsync(cancellationToken);
            }
            catch (Exception e)
            {
                LobbySubscribeFailed(logger, e); // the subscription expires by itself
            }
            grains.Factory.DeleteObjectReference<ILobbyObserver>(reference);
        }
    }

    [LoggerMessage(3220, LogLevel.Warning, "Could not (re)subscribe to the lobby; retrying")]
    private static partial void LobbySubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(3221, LogLevel.Warning, "Could not push a lobby event to the hub")]
    private static partial void LobbyPushFailed(ILogger logger, Exception exception);
}
