using System.Collections.Concurrent;
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
    /// <summary>Latency names.</summary>
    public const string CreateRoom = "create-room",
        JoinRoom = "join-room",
        LeaveRoom = "leave-room",
        CloseRoom = "close-room",
        CreatedToWatcher = "create-to-watcher-room-created";

    private readonly ConcurrentDictionary<Guid, long> _createdAt = new();
    private readonly List<HubConnection> _watchers = [];
    private GatewayUser[] _players = [];

    public override async Task SetupAsync(CancellationToken ct)
    {
        var players = new GatewayUser[Settings.Players];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Settings.ConnectConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, Settings.Players), options, async (i, t) => players[i] = await Api.SignInAsync($"load churner {i}", t));
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
        hub.On<RoomDto>(
            "RoomCreated",
            room => Stats.EventReceived(CreatedToWatcher, _createdAt.TryGetValue(room.Id, out var at) ? Stopwatch.GetElapsedTime(at) : null)
        );
        hub.On<RoomDto>("RoomUpdated", _ => Stats.EventReceived("room-updated", null));
        hub.On<Guid>("RoomDeleted", _ => Stats.EventReceived("room-deleted", null));
        hub.Closed += _ =>
        {
            Stats.ConnectionChanged(-1);
            return Task.CompletedTask;
        };
    }

    public override Task PlayAsync(CancellationToken stopPlaying, CancellationToken abort) =>
        Task.WhenAll(Enumerable.Range(0, Settings.Players / 2).Select(p => PairLoopAsync(_players[2 * p], _players[2 * p + 1], stopPlaying, abort)));

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
                _createdAt[room.Id] = sent;
                Stats.Operation(CreateRoom, Stopwatch.GetElapsedTime(sent));
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
