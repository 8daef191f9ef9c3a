using System.Diagnostics;

namespace Battleship.Load.Gateway;

/// <summary>
/// Scenario (a): every player plays matches against an agent, closed loop. A match is created
/// over REST (<c>POST /api/matches</c>), joined and played over the match hub: the player fires as
/// soon as it is its turn again (the answer says so after a hit, the agent's <c>ShotFired</c>
/// otherwise), sweeping the board in a seeded order, then starts the next match.
/// The WAL probe (<see cref="ScenarioKind.WalProbe"/>) plays the same matches in lock step; see <see cref="WalProbe"/>.
/// </summary>
internal sealed class VersusAgentScenario(Scenario scenario, GatewayApi api, LoadStats stats) : LoadScenario(scenario, api, stats)
{
    private const int Seat = 0; // youFirst: the user is player one
    private MatchConnection[] _players = [];

    public override async Task SetupAsync(CancellationToken ct) =>
        _players = await OpenMatchConnectionsAsync(Settings.Players, "player", ct);

    public override Task PlayAsync(CancellationToken stopPlaying, CancellationToken abort) =>
        Task.WhenAll(_players.Select((p, i) => PlayerLoopAsync(p, (ulong)i, stopPlaying, abort)));

    /// <summary>The players (the WAL probe drives them itself).</summary>
    internal IReadOnlyList<MatchConnection> Players => _players;

    private async Task PlayerLoopAsync(MatchConnection player, ulong index, CancellationToken stop, CancellationToken abort)
    {
        // With a pace, a player fires at most that many times a second (open loop); without, as soon as its turn is back.
        var gap = Settings.Pace > 0 ? TimeSpan.FromSeconds(1 / Settings.Pace) : TimeSpan.Zero;
        long? last = null;
        async Task<bool> PacedAsync(CancellationToken ct)
        {
            if (last is { } previous && gap - Stopwatch.GetElapsedTime(previous) is { Ticks: > 0 } wait)
            {
                try
                {
                    await Task.Delay(wait, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return false;
                }
            }
            last = Stopwatch.GetTimestamp();
            return true;
        }

        for (ulong game = 0; !stop.IsCancellationRequested; game++)
        {
            var match = await StartMatchAsync(player, abort);
            if (match is not { } matchId)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), abort); // the failure is counted; do not spin on it
                continue;
            }
            var order = ShotOrder((index << 20) + game);
            var next = 0;
            while (
                !stop.IsCancellationRequested
                && next < order.Length
                && await PacedAsync(stop)
                && await TryShootAsync(player, matchId, order[next++], stop, abort)
            ) { }
            await EndAsync(player, matchId, abort);
        }
    }

    /// <summary>Creates a match against the agent, joins it and places a random fleet; null when that failed.</summary>
    internal async Task<Guid?> StartMatchAsync(MatchConnection player, CancellationToken ct)
    {
        Guid? started = null;
        await TryAsync(async () =>
        {
            var view = await player.User.PostAsync<ViewDto>(
                "/api/matches",
                new Bodies.CreateMatch(Settings.AgentId, YouFirst: true, Settings.TurnSeconds),
                ct
            );
            Ledger.Started(view.MatchId, player.User);
            started = view.MatchId;
            await player.JoinAsync(view.MatchId, new ShotClock(), Seat, countOthersShots: true, ct);
            await player.InvokeAsync<ViewDto>("PlaceFleet", [view.MatchId, null], ct);
        });
        return started;
    }

    /// <summary>Waits for the player's turn and fires once; false when the match is over.</summary>
    internal async Task<bool> ShootAsync(MatchConnection player, Guid matchId, int cell, CancellationToken stop, CancellationToken abort)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        var (myTurn, turn) = await player.WaitForTurnAsync(Seat, either.Token);
        if (!myTurn)
        {
            return false;
        }
        var answer = await player.FireAsync(matchId, Seat, cell, turn, abort);
        Ledger.Acknowledged(matchId, answer.Shot);
        return answer.Status != "Finished";
    }

    /// <summary>One shot; false when the match is over, the run stops or the shot failed (counted).</summary>
    internal async Task<bool> TryShootAsync(MatchConnection player, Guid matchId, int cell, CancellationToken stop, CancellationToken abort)
    {
        try
        {
            return await ShootAsync(player, matchId, cell, stop, abort);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Stats.Failed(e);
            return false;
        }
    }

    /// <summary>Resigns the match if it is still on, and stops following it.</summary>
    internal async Task EndAsync(MatchConnection player, Guid matchId, CancellationToken ct)
    {
        if (!player.Ended)
        {
            await ResignAsync(player, matchId, ct);
        }
        await TryAsync(() => player.LeaveAsync(ct));
    }
}
