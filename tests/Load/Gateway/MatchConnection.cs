using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Battleship.Load.Gateway;

/// <summary>
/// One participant's <c>/hubs/match</c> connection, following one match at a time. It keeps what
/// the events and answers say about whose turn it is (newest turn number wins), so a player can
/// await its turn, and it times the <c>ShotFired</c> of the shots it watches for. Across faults it
/// behaves as the web client does: a lost connection is reconnected (through the load balancer, to
/// whichever gateway answers) and the followed match joined again, and a call cut by the loss or
/// answered <c>Unavailable</c> is sent again (<see cref="InvokeAsync{T}"/>); a repeated shot is
/// safe, as the match answers it from its log.
/// </summary>
public sealed class MatchConnection : IAsyncDisposable
{
    private readonly LoadStats _stats;
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _connected = Completed();
    private Guid _matchId;
    private int _turn;
    private int? _next;
    private bool _ended;
    private ShotClock? _clock;
    private int _timedSeat = -1;
    private bool _countsOthersShots;

    private MatchConnection(GatewayUser user, LoadStats stats)
    {
        User = user;
        _stats = stats;
    }

    public GatewayUser User { get; }

    public HubConnection Hub { get; private set; } = null!;

    /// <summary>The turn number last seen.</summary>
    public int Turn
    {
        get
        {
            lock (_lock)
            {
                return _turn;
            }
        }
    }

    /// <summary>Whether the followed match is over.</summary>
    public bool Ended
    {
        get
        {
            lock (_lock)
            {
                return _ended;
            }
        }
    }

    /// <summary>Signs a user in and opens its connection.</summary>
    public static async Task<MatchConnection> OpenAsync(GatewayApi api, string name, LoadStats stats, CancellationToken ct)
    {
        var user = await api.SignInAsync(name, ct);
        var connection = new MatchConnection(user, stats);
        connection.Hub = await user.ConnectAsync("/hubs/match", connection.Register, ct);
        stats.ConnectionChanged(+1);
        return connection;
    }

    private void Register(HubConnection hub)
    {
        hub.On<ShotFiredDto>("ShotFired", OnShotFired);
        hub.On<MatchStartedDto>("MatchStarted", e => Observe(e.MatchId, e.TurnNumber, e.CurrentPlayer, ended: false));
        hub.On<MatchEndedDto>("MatchEnded", e => Observe(e.MatchId, e.TurnNumber, null, ended: true));
        hub.On<ViewDto>("ViewUpdated", v => Observe(v));
        hub.On<JsonElement>("FleetPlaced", _ => { });
        hub.On<JsonElement>("ChatPosted", _ => { });
        hub.Reconnecting += _ =>
        {
            _stats.ConnectionChanged(-1);
            lock (_lock)
            {
                if (_connected.Task.IsCompleted)
                {
                    _connected = NewSignal();
                }
            }
            return Task.CompletedTask;
        };
        hub.Reconnected += _ =>
        {
            _stats.ConnectionChanged(+1);
            lock (_lock)
            {
                _connected.TrySetResult();
            }
            return ResyncAsync();
        };
        hub.Closed += _ =>
        {
            // Only when reconnecting gave up (or at the end of the run).
            lock (_lock)
            {
                if (_connected.Task.IsCompleted)
                {
                    _stats.ConnectionChanged(-1);
                }
                _connected.TrySetResult();
                _ended = true;
                _changed.TrySetResult();
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>After a reconnect the new connection follows nothing: join the match again and take its view.</summary>
    private async Task ResyncAsync()
    {
        Guid matchId;
        lock (_lock)
        {
            matchId = _matchId;
        }
        if (matchId == Guid.Empty)
        {
            return;
        }
        try
        {
            Observe(await InvokeAsync<ViewDto>("JoinMatch", [matchId], CancellationToken.None));
        }
        catch (Exception e)
        {
            _stats.Failed(e);
        }
    }

    /// <summary>
    /// Invokes a hub method as a client should across faults: an answer <c>Unavailable</c> is
    /// retried a second later, a call cut by a lost connection once the connection is back, each
    /// retry counted (<see cref="LoadStats.Retried"/>), for up to <see cref="GatewayApi.RetryFor"/>;
    /// any other error is thrown at once.
    /// </summary>
    public async Task<T> InvokeAsync<T>(string method, object?[] args, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var resent = false;
        while (true)
        {
            try
            {
                return await Hub.InvokeCoreAsync<T>(method, args, ct);
            }
            catch (HubException e) when (resent && IsDoneAlready(method, GatewayException.CodeOf(e)) && typeof(T) == typeof(ViewDto))
            {
                // The attempt cut by the lost connection had been carried out: take the match as it is now.
                _stats.Retried("Resynced");
                return (T)(object)await InvokeAsync<ViewDto>("JoinMatch", [args[0]], ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < GatewayApi.RetryFor)
            {
                var code = GatewayException.CodeOf(e);
                if (e is HubException && code != "Unavailable")
                {
                    throw;
                }
                resent = true;
                var lost = e is not HubException;
                _stats.Retried(lost ? "ConnectionLost" : code);
                Task connected;
                lock (_lock)
                {
                    connected = _connected.Task;
                }
                await Task.Delay(lost ? RetryGapAfterLoss : RetryGapWhenUnavailable, ct);
                await connected.WaitAsync(GatewayApi.RetryFor, ct);
            }
        }
    }

    /// <summary>
    /// Whether a resent call's refusal says that its first attempt was carried out (a fleet placed,
    /// a match resigned): a call whose answer was lost is "maybe done", so the client resyncs.
    /// </summary>
    private static bool IsDoneAlready(string method, string code) =>
        (method, code) is ("PlaceFleet", "FleetAlreadyPlaced") or ("Resign", "GameOver");

    private static readonly TimeSpan RetryGapAfterLoss = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryGapWhenUnavailable = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Follows <paramref name="matchId"/> from now on (<c>JoinMatch</c>). Shots of
    /// <paramref name="timedSeat"/> are timed with <paramref name="clock"/> when their
    /// <c>ShotFired</c> arrives here; with <paramref name="countOthersShots"/> every shot of the
    /// other seat counts as a persisted move (an agent's shots, which nobody acknowledges).
    /// </summary>
    public async Task<ViewDto> JoinAsync(Guid matchId, ShotClock? clock, int timedSeat, bool countOthersShots, CancellationToken ct)
    {
        lock (_lock)
        {
            _matchId = matchId;
            _turn = -1;
            _next = null;
            _ended = false;
            _clock = clock;
            _timedSeat = timedSeat;
            _countsOthersShots = countOthersShots;
        }
        var view = await InvokeAsync<ViewDto>("JoinMatch", [matchId], ct);
        Observe(view);
        return view;
    }

    /// <summary>Times the shots of <paramref name="seat"/> when their <c>ShotFired</c> arrives here.</summary>
    public void TimeShotsOf(int seat)
    {
        lock (_lock)
        {
            _timedSeat = seat;
        }
    }

    public async Task LeaveAsync(CancellationToken ct)
    {
        Guid matchId;
        lock (_lock)
        {
            matchId = _matchId;
            _matchId = Guid.Empty;
            _ended = true;
            _changed.TrySetResult();
        }
        if (matchId != Guid.Empty && Hub.State == HubConnectionState.Connected)
        {
            await InvokeAsync<object?>("LeaveMatch", [matchId], ct);
        }
    }

    /// <summary>Waits until it is <paramref name="seat"/>'s turn (true, with the turn number) or the match is over (false).</summary>
    public async Task<(bool MyTurn, int Turn)> WaitForTurnAsync(int seat, CancellationToken ct)
    {
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                if (_ended)
                {
                    return (false, _turn);
                }
                if (_next == seat)
                {
                    return (true, _turn);
                }
                signal = _changed.Task;
            }
            await signal.WaitAsync(ct);
        }
    }

    /// <summary>Fires for <paramref name="seat"/>; records the acknowledgement and what it says about the turn.</summary>
    public async Task<FireAnswer> FireAsync(Guid matchId, int seat, int cell, int turn, CancellationToken ct)
    {
        var sentAt = Stopwatch.GetTimestamp();
        _clock?.Sent(seat, cell, sentAt);
        var answer = await InvokeAsync<FireAnswer>("Fire", [matchId, cell, turn], ct);
        _stats.Fired(sentAt);
        _stats.MovePersisted();
        Observe(matchId, answer.TurnNumber, answer.NextPlayer, answer.Status == "Finished");
        return answer;
    }

    private void OnShotFired(ShotFiredDto e)
    {
        ShotClock? clock;
        int timedSeat;
        bool countOthers;
        lock (_lock)
        {
            if (e.MatchId != _matchId)
            {
                return;
            }
            clock = _clock;
            timedSeat = _timedSeat;
            countOthers = _countsOthersShots;
        }
        if (e.Shot.Player == timedSeat && clock?.Arrived(e.Shot.Player, e.Shot.Cell) is { } sentAt)
        {
            _stats.Pushed(sentAt);
        }
        if (countOthers && e.Shot.Player != timedSeat)
        {
            _stats.MovePersisted();
        }
        Observe(e.MatchId, e.TurnNumber, e.NextPlayer, ended: e.NextPlayer is null);
    }

    private void Observe(ViewDto view) => Observe(view.MatchId, view.TurnNumber, view.CurrentPlayer, view.Status == "Finished");

    private void Observe(Guid matchId, int turn, int? next, bool ended)
    {
        lock (_lock)
        {
            if (matchId != _matchId || turn < _turn)
            {
                return;
            }
            _turn = turn;
            _next = ended ? null : next;
            _ended |= ended;
            var changed = _changed;
            _changed = NewSignal();
            changed.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource Completed()
    {
        var signal = NewSignal();
        signal.SetResult();
        return signal;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
    }
}

/// <summary>When each seat's shots were sent, by cell, so that the connection that sees a <c>ShotFired</c> can time it.</summary>
public sealed class ShotClock
{
    private readonly Dictionary<int, long>[] _sentAt =
    [
        [],
        [],
    ];
    private readonly Lock _lock = new();

    /// <summary>A shot of <paramref name="seat"/> at <paramref name="cell"/> left at <paramref name="timestamp"/>.</summary>
    public void Sent(int seat, int cell, long timestamp)
    {
        lock (_lock)
        {
            _sentAt[seat][cell] = timestamp;
        }
    }

    /// <summary>The send time of the shot, once; null when this clock did not send it (or timed it already).</summary>
    public long? Arrived(int seat, int cell)
    {
        lock (_lock)
        {
            return seat is >= 0 and <= 1 && _sentAt[seat].Remove(cell, out var sentAt) ? sentAt : null;
        }
    }
}
