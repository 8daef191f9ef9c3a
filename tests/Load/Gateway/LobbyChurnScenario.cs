using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Battleship.Load.Gateway;

/// <summary>
/// Scenario (c): lobby churn. <see cref="Scenario.Spectators"/> watchers hold <c>/hubs/lobby</c>
/// connections (each lists the rooms once, then applies the events), while pairs of players
/// cycle a room over REST: the host creates it, the guest joins and leaves, the host closes it
/// (at most <see cref="Scenario.Pace"/> cycles per second per pair; 0: as fast as answers come).
/// Measured: each REST operation's latency, and the time from a room's creation request to its
/// <c>RoomCreated</c> at each watcher.
/// </summary>
internal sealed class LobbyChurnScenario(Scenario scenario, GatewayApi api, LoadStats stats) : LoadScenario(scenario, api, stats)
{
    public const string CreateRoom = "create-room",
        JoinRoom = "join-room",
        LeaveRoom = "leave-room",
        CloseRoom = "close-room",
        CreatedToWatcher = "create-to-watcher-room-created";

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, long> _createdAt = [];
    private readonly Dictionary<Guid, List<long>> _earlyArrivals = [];
    private readonly List<HubConnection> _watchers = [];
    private GatewayUser[] _players = [];

    public override async Task SetupAsync(CancellationToken ct)
    {
        var players = new GatewayUser[Settings.Players];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Settings.ConnectConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Settings.Players),
            options,
            async (i, t) => players[i] = await Api.SignInAsync($"load churner {i}", t)
        );
        _players = players;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Settings.Spectators),
            options,
            async (i, t) =>
            {
                var user = await Api.SignInAsync($"load watcher {i}", t);
                var hub = await user.ConnectAsync("/hubs/lobby", Register, t);
                Stats.ConnectionChanged(+1);
                await hub.InvokeAsync<JsonElement>("ListRooms", null, t);
                lock (_watchers)
                {
                    _watchers.Add(hub);
                }
            }
        );
    }

    private void Register(HubConnection hub)
    {
        hub.On<RoomDto>("RoomCreated", room => CreatedEventArrived(room.Id, Stopwatch.GetTimestamp()));
        hub.On<RoomDto>("RoomUpdated", _ => Stats.EventReceived("room-updated", null));
        hub.On<Guid>("RoomDeleted", _ => Stats.EventReceived("room-deleted", null));
        hub.Closed += _ =>
        {
            Stats.ConnectionChanged(-1);
            return Task.CompletedTask;
        };
    }

    public override Task PlayAsync(CancellationToken stopPlaying, CancellationToken abort) =>
        Task.WhenAll(
            Enumerable.Range(0, Settings.Players / 2).Select(p => PairLoopAsync(_players[2 * p], _players[2 * p + 1], stopPlaying, abort))
        );

    private async Task PairLoopAsync(GatewayUser host, GatewayUser guest, CancellationToken stop, CancellationToken abort)
    {
        var gap = Settings.Pace > 0 ? TimeSpan.FromSeconds(1 / Settings.Pace) : TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var cycle = Stopwatch.GetTimestamp();
            await TryAsync(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                var room = await host.PostAsync<RoomDto>("/api/rooms", new Bodies.CreateRoom("churn", 0), abort);
                Stats.Operation(CreateRoom, Stopwatch.GetElapsedTime(sent));
                Created(room.Id, sent);
                await TimedAsync(JoinRoom, () => guest.PostAsync<RoomDto>($"/api/rooms/{room.Id}/join", new Bodies.JoinRoom(false), abort));
                await TimedAsync(LeaveRoom, () => guest.PostAsync<RoomDto>($"/api/rooms/{room.Id}/leave", null, abort));
                await TimedAsync(CloseRoom, () => host.PostAsync<RoomDto>($"/api/rooms/{room.Id}/close", null, abort));
            });
            var wait = gap - Stopwatch.GetElapsedTime(cycle);
            if (wait > TimeSpan.Zero && !stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            }
        }
    }

    /// <summary>A watcher received RoomCreated; the event may overtake the answer to the create request.</summary>
    private void CreatedEventArrived(Guid roomId, long arrivedAt)
    {
        long sent;
        lock (_lock)
        {
            if (!_createdAt.TryGetValue(roomId, out sent))
            {
                if (!_earlyArrivals.TryGetValue(roomId, out var early))
                {
                    _earlyArrivals[roomId] = early = [];
                }
                early.Add(arrivedAt);
                return;
            }
        }
        Stats.EventReceived(CreatedToWatcher, Stopwatch.GetElapsedTime(sent, arrivedAt));
    }

    /// <summary>The create request for <paramref name="roomId"/> was sent at <paramref name="sent"/>: times the events that came first.</summary>
    private void Created(Guid roomId, long sent)
    {
        List<long>? early;
        lock (_lock)
        {
            _createdAt[roomId] = sent;
            _earlyArrivals.Remove(roomId, out early);
        }
        foreach (var arrivedAt in early ?? [])
        {
            Stats.EventReceived(CreatedToWatcher, Stopwatch.GetElapsedTime(sent, arrivedAt));
        }
    }

    private async Task TimedAsync(string metric, Func<Task> call)
    {
        var sent = Stopwatch.GetTimestamp();
        await call();
        Stats.Operation(metric, Stopwatch.GetElapsedTime(sent));
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var watcher in _watchers)
        {
            await watcher.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
