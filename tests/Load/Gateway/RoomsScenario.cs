using System.Diagnostics;

namespace Battleship.Load.Gateway;

/// <summary>
/// Scenario (b): people play each other in rooms. Players pair up; for each match the host creates
/// a room over REST, the guest joins, the pair's spectators join as spectators, both say ready and
/// the room starts the match. Everyone follows it on the match hub; both players place a random
/// fleet and fire on their own turn, open loop at <see cref="Scenario.Pace"/> shots per second
/// (a player fires no sooner than 1/pace after its previous shot). At the end the pair opens the next room.
/// </summary>
internal sealed class RoomsScenario(Scenario scenario, GatewayApi api, LoadStats stats) : LoadScenario(scenario, api, stats)
{
    private const int MaxSpectatorsPerRoom = 32;
    private MatchConnection[] _players = [];
    private MatchConnection[] _spectators = [];

    public override async Task SetupAsync(CancellationToken ct)
    {
        var pairs = Settings.Players / 2;
        if (Settings.Spectators > pairs * MaxSpectatorsPerRoom)
        {
            throw new ArgumentException($"{Settings.Name}: at most {MaxSpectatorsPerRoom} spectators per room ({pairs} rooms).");
        }
        _players = await OpenMatchConnectionsAsync(Settings.Players, "player", ct);
        _spectators = await OpenMatchConnectionsAsync(Settings.Spectators, "spectator", ct);
    }

    public override Task PlayAsync(CancellationToken stopPlaying, CancellationToken abort)
    {
        var pairs = Settings.Players / 2;
        return Task.WhenAll(
            Enumerable
                .Range(0, pairs)
                .Select(p =>
                    PairLoopAsync(
                        (ulong)p,
                        _players[2 * p],
                        _players[2 * p + 1],
                        [.. _spectators.Where((_, i) => i % pairs == p)],
                        stopPlaying,
                        abort
                    )
                )
        );
    }

    private async Task PairLoopAsync(
        ulong pair,
        MatchConnection host,
        MatchConnection guest,
        MatchConnection[] spectators,
        CancellationToken stop,
        CancellationToken abort
    )
    {
        if (Settings.RampSeconds > 0)
        {
            // Pair p arrives at p/pairs of the ramp.
            var arrival = TimeSpan.FromSeconds(Settings.RampSeconds * (double)pair / (Settings.Players / 2));
            try
            {
                await Task.Delay(arrival, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
        for (ulong game = 0; !stop.IsCancellationRequested; game++)
        {
            var matchId = await MeetAsync(host, guest, spectators, abort);
            if (matchId is not { } id)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), abort);
                continue;
            }
            var clock = new ShotClock();
            var seats = new int[2];
            var joined = await TryAsync(async () =>
            {
                seats[0] = (await host.JoinAsync(id, clock, timedSeat: -1, countOthersShots: false, abort)).Seat;
                seats[1] = (await guest.JoinAsync(id, clock, timedSeat: -1, countOthersShots: false, abort)).Seat;
                // Each player times the other's shots: Fire sent → ShotFired at the opponent's connection.
                host.TimeShotsOf(seats[1]);
                guest.TimeShotsOf(seats[0]);
                foreach (var spectator in spectators)
                {
                    await spectator.JoinAsync(id, null, timedSeat: -1, countOthersShots: false, abort);
                }
                await host.InvokeAsync<ViewDto>("PlaceFleet", [id, null], abort);
                await guest.InvokeAsync<ViewDto>("PlaceFleet", [id, null], abort);
            });
            if (joined)
            {
                var order = (pair << 20) + (game << 1);
                await Task.WhenAll(
                    PlayerAsync(host, id, seats[0], ShotOrder(order), stop, abort),
                    PlayerAsync(guest, id, seats[1], ShotOrder(order + 1), stop, abort)
                );
            }
            if (!host.Ended)
            {
                await ResignAsync(host, id, abort);
            }
            foreach (var connection in spectators.Append(host).Append(guest))
            {
                await TryAsync(() => connection.LeaveAsync(abort));
            }
        }
    }

    /// <summary>Host creates a room, guest and spectators join, both players ready: the room's match id, or null (counted) on failure.</summary>
    private async Task<Guid?> MeetAsync(MatchConnection host, MatchConnection guest, MatchConnection[] spectators, CancellationToken ct)
    {
        Guid? matchId = null;
        Guid? roomId = null;
        var met = await TryAsync(async () =>
        {
            var room = await host.User.PostAsync<RoomDto>("/api/rooms", new Bodies.CreateRoom("load", spectators.Length), ct);
            roomId = room.Id;
            await guest.User.PostAsync<RoomDto>($"/api/rooms/{room.Id}/join", new Bodies.JoinRoom(AsSpectator: false), ct);
            foreach (var spectator in spectators)
            {
                await spectator.User.PostAsync<RoomDto>($"/api/rooms/{room.Id}/join", new Bodies.JoinRoom(AsSpectator: true), ct);
            }
            await host.User.PostAsync<RoomDto>($"/api/rooms/{room.Id}/ready", new { ready = true }, ct);
            var started = await guest.User.PostAsync<RoomDto>($"/api/rooms/{room.Id}/ready", new { ready = true }, ct);
            matchId =
                started.MatchId
                ?? throw new GatewayException(
                    "NoMatch",
                    $"Room {room.Id} is {started.Status} with no match after both players were ready."
                );
            Ledger.Started(matchId.Value, host.User);
        });
        if (!met && matchId is null && roomId is { } open)
        {
            // A meeting that failed half-way leaves a room in the lobby: close it, as a person would leave.
            await TryAsync(() => host.User.PostAsync<RoomDto>($"/api/rooms/{open}/close", null, ct));
        }
        return matchId;
    }

    private async Task PlayerAsync(
        MatchConnection player,
        Guid matchId,
        int seat,
        int[] order,
        CancellationToken stop,
        CancellationToken abort
    )
    {
        var gap = Settings.Pace > 0 ? TimeSpan.FromSeconds(1 / Settings.Pace) : TimeSpan.Zero;
        var last = Stopwatch.GetTimestamp() - gap.Ticks;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        try
        {
            foreach (var cell in order)
            {
                var (myTurn, turn) = await player.WaitForTurnAsync(seat, either.Token);
                if (!myTurn)
                {
                    return;
                }
                var wait = gap - Stopwatch.GetElapsedTime(last);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, either.Token);
                }
                last = Stopwatch.GetTimestamp();
                var answer = await player.FireAsync(matchId, seat, cell, turn, abort);
                Ledger.Acknowledged(matchId, answer.Shot);
                if (answer.Status == "Finished")
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested) { }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Stats.Failed(e);
            // Give the match up, so that the opponent (waiting for its turn) sees it end.
            await ResignAsync(player, matchId, abort);
        }
    }
}
