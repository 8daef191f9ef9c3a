using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>
/// Pushes lobby events to a gateway. One-way: the lobby, a single grain that every room reports
/// to, never waits for a gateway in its turn. Awaited, a push to a gateway that had just died held
/// the lobby for the whole response timeout (every room's create, join and ready queued behind it:
/// docs/chaos.md, gateway-kill); a gateway that stops renewing its subscription is dropped when it
/// expires, and one that missed pushes lists the rooms again when it reconnects.
/// </summary>
[Alias("battleship.lobby-observer")]
public interface ILobbyObserver : IGrainObserver
{
    /// <summary>A public room was created or changed.</summary>
    [Alias("room-changed"), Orleans.Concurrency.OneWay]
    Task OnRoomChanged(RoomSummary room);

    /// <summary>A room closed or became unlisted.</summary>
    [Alias("room-removed"), Orleans.Concurrency.OneWay]
    Task OnRoomRemoved(Guid roomId);

    /// <summary>
    /// The lobby's activation is going away (its silo is stopping, or its directory entry was
    /// lost with another silo), and with it this subscription: subscribe again.
    /// </summary>
    [Alias("subscription-ending"), Orleans.Concurrency.OneWay]
    Task OnSubscriptionEnding();
}

/// <summary>The index of public rooms that are not closed. A singleton: use key <see cref="Key"/>.</summary>
[Alias("battleship.lobby-grain")]
public interface ILobbyGrain : IGrainWithIntegerKey
{
    /// <summary>The one lobby's key.</summary>
    const long Key = 0;

    /// <summary>Rooms matching the filters, newest first.</summary>
    [Alias("list")]
    Task<Page<RoomSummary>> ListRoomsAsync(RoomQuery query);

    /// <summary>A room reports its new state (rooms call this; a stale version is ignored).</summary>
    [Alias("room-changed")]
    Task RoomChangedAsync(RoomSummary room);

    /// <summary>A room reports that it is closed or private.</summary>
    [Alias("room-removed")]
    Task RoomRemovedAsync(Guid roomId);

    /// <summary>Subscribes (or renews) an observer; subscriptions expire unless renewed.</summary>
    [Alias("subscribe")]
    Task SubscribeAsync(ILobbyObserver observer);

    /// <summary>Removes an observer.</summary>
    [Alias("unsubscribe")]
    Task UnsubscribeAsync(ILobbyObserver observer);
}
