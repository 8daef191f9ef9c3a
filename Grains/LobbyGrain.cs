using Battleship.Grains.Models;
using Battleship.Grains.State;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Battleship.Grains;

/// <summary>The index of public rooms and its observers; see <see cref="ILobbyGrain"/>.</summary>
public sealed class LobbyGrain : Grain, ILobbyGrain
{
    /// <summary>How long an observer stays subscribed without renewing.</summary>
    public static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(5);

    private readonly IPersistentState<LobbyState> _state;
    private readonly ObserverManager<ILobbyObserver> _observers;

    public LobbyGrain([PersistentState("lobby", StorageNames.Rooms)] IPersistentState<LobbyState> state, ILogger<LobbyGrain> logger)
    {
        _state = state;
        _observers = new ObserverManager<ILobbyObserver>(ObserverExpiry, logger);
    }

    /// <inheritdoc />
    public Task<Page<RoomSummary>> ListRoomsAsync(RoomQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Check(query.PageNumber, query.PageSize);
        var matching = _state
            .State.Rooms.Select(pair => pair.Value.ToSummary(pair.Key))
            .Where(r => query.Status is null || r.Status == query.Status)
            .Where(r => query.HasSpace is null || r.HasSpace == query.HasSpace)
            .Where(r => query.VersusAgent is null || r.VersusAgent == query.VersusAgent)
            .OrderByDescending(r => r.CreatedAt)
            .ThenBy(r => r.Id)
            .ToList();
        return Task.FromResult(Paging.Of(matching, query.PageNumber, query.PageSize));
    }

    /// <inheritdoc />
    public async Task RoomChangedAsync(RoomSummary room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (_state.State.Rooms.TryGetValue(room.Id, out var known) && known.Version >= room.Version)
        {
            return;
        }
        _state.State.Rooms[room.Id] = LobbyEntryState.From(room);
        await _state.WriteStateAsync();
        await _observers.Notify(o => o.OnRoomChanged(room));
    }

    /// <inheritdoc />
    public async Task RoomRemovedAsync(Guid roomId)
    {
        if (_state.State.Rooms.Remove(roomId))
        {
            await _state.WriteStateAsync();
            await _observers.Notify(o => o.OnRoomRemoved(roomId));
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The subscriptions live in this activation only: the gateways subscribe again, to the next one.
        _observers.ClearExpired();
        await _observers.Notify(o => o.OnSubscriptionEnding()); // one-way
    }

    /// <inheritdoc />
    public Task SubscribeAsync(ILobbyObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(ILobbyObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
