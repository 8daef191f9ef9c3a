using Battleship.Grains.Models;
using Battleship.Grains.State;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;

namespace Battleship.Grains;

/// <summary>The index of public rooms and its observers; see <see cref="ILobbyGrain"/>.</summary>
/// <remarks>
/// Every room reports to this one grain, and each report is answered once the index that holds it
/// is stored. Waiting for one write per report would make the lobby a queue as slow as the
/// database: at 200 ms a write, five reports a second for the whole cluster (docs/chaos.md). So
/// the lobby is reentrant, with one write of the index in flight at a time (a
/// <see cref="BatchWorker"/>): the reports that arrive while it is in flight change the index in
/// memory and share the next write (group commit). A write stores a copy of the index, because the
/// storage provider serializes it off the grain's turn while later reports change the index.
/// </remarks>
[Reentrant]
public sealed class LobbyGrain : Grain, ILobbyGrain
{
    /// <summary>How long an observer stays subscribed without renewing.</summary>
    public static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(5);

    private readonly IPersistentState<LobbyState> _state;
    private readonly ObserverManager<ILobbyObserver> _observers;
    private readonly BatchWorkerFromDelegate _writer;
    private Dictionary<Guid, LobbyEntryState> _rooms = [];
    private long _changes;
    private long _stored;

    public LobbyGrain([PersistentState("lobby", StorageNames.Rooms)] IPersistentState<LobbyState> state, ILogger<LobbyGrain> logger)
    {
        _state = state;
        _observers = new ObserverManager<ILobbyObserver>(ObserverExpiry, logger);
        _writer = new BatchWorkerFromDelegate(WriteIndexAsync);
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _rooms = new Dictionary<Guid, LobbyEntryState>(_state.State.Rooms);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Page<RoomSummary>> ListRoomsAsync(RoomQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Check(query.PageNumber, query.PageSize);
        var matching = _rooms
            .Select(pair => pair.Value.ToSummary(pair.Key))
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
        if (_rooms.TryGetValue(room.Id, out var known) && known.Version >= room.Version)
        {
            await StoredAsync(); // a repeated report is answered as the first, once what it repeats is stored
            return;
        }
        _rooms[room.Id] = LobbyEntryState.From(room);
        await ChangedAsync();
        await _observers.Notify(o => o.OnRoomChanged(room));
    }

    /// <inheritdoc />
    public async Task RoomRemovedAsync(Guid roomId)
    {
        if (!_rooms.Remove(roomId))
        {
            await StoredAsync();
            return;
        }
        await ChangedAsync();
        await _observers.Notify(o => o.OnRoomRemoved(roomId));
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The subscriptions live in this activation only: the gateways subscribe again, to the next one.
        _observers.ClearExpired();
        await _observers.Notify(o => o.OnSubscriptionEnding()); // one-way
    }

    /// <summary>Counts a change of the index and waits for a write that holds it.</summary>
    private Task ChangedAsync()
    {
        _changes++;
        return _writer.NotifyAndWaitForWorkToBeServiced();
    }

    /// <summary>
    /// Waits until every change made so far is stored: at once when it is, for the write in flight
    /// when that holds them all (every later change would have queued another), or for a new write
    /// after one that failed.
    /// </summary>
    private Task StoredAsync() =>
        _stored == _changes ? Task.CompletedTask
        : _writer.IsIdle() ? _writer.NotifyAndWaitForWorkToBeServiced()
        : _writer.WaitForCurrentWorkToBeServiced();

    /// <summary>One write: a copy of the index as it is now (the batch worker never runs two at once).</summary>
    private async Task WriteIndexAsync()
    {
        var changes = _changes;
        _state.State = new LobbyState { Rooms = new Dictionary<Guid, LobbyEntryState>(_rooms) };
        await _state.WriteStateAsync();
        _stored = changes;
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
