using Npgsql;

namespace Battleship.Load.Gateway;

/// <summary>
/// PostgreSQL's WAL per persisted move early and late in a match. Every player starts a match
/// against the agent; all of them play in lock step, stopping at the same user shot with the agent
/// answered (so nothing is in flight), and <c>pg_current_wal_lsn()</c> is read at each stop. The
/// moves between two stops are the sum of the matches' turn numbers' growth (a turn number counts
/// every move). Windows: user shots [2, 2+w) and [late, late+w). A match that ends inside a window
/// (its completion writes the archive) is reported.
/// </summary>
internal static class WalProbe
{
    public static async Task<WalResult> RunAsync(
        VersusAgentScenario scenario,
        Scenario settings,
        string connectionString,
        CancellationToken ct
    )
    {
        var players = scenario.Players;
        var matches = await Task.WhenAll(players.Select(p => scenario.StartMatchAsync(p, ct)));
        var orders = players.Select((_, i) => scenario.ShotOrder((ulong)i)).ToArray();
        var shots = new int[players.Count];
        var live = Enumerable.Range(0, players.Count).Where(i => matches[i] is not null).ToList();

        async Task PlayUntilAsync(int userShots) =>
            await Task.WhenAll(
                live.Select(async i =>
                {
                    var player = players[i];
                    while (shots[i] < userShots && !player.Ended)
                    {
                        if (!await scenario.TryShootAsync(player, matches[i]!.Value, orders[i][shots[i]++], ct, ct))
                        {
                            break;
                        }
                    }
                    if (!player.Ended)
                    {
                        await player.WaitForTurnAsync(0, ct); // the agent has answered: nothing in flight
                    }
                })
            );

        async Task<(long Lsn, long Moves, int Ended)> StopAsync() =>
            (await PositionAsync(connectionString, ct), live.Sum(i => (long)players[i].Turn), live.Count(i => players[i].Ended));

        var window = settings.WalWindowShots;
        await PlayUntilAsync(2);
        var a = await StopAsync();
        await PlayUntilAsync(2 + window);
        var b = await StopAsync();
        await PlayUntilAsync(settings.WalLateFromShot);
        var c = await StopAsync();
        await PlayUntilAsync(settings.WalLateFromShot + window);
        var d = await StopAsync();
        foreach (var i in live)
        {
            await scenario.EndAsync(players[i], matches[i]!.Value, ct);
        }
        return new WalResult(
            live.Count,
            new WalWindow(2, 2 + window, b.Moves - a.Moves, b.Lsn - a.Lsn, b.Ended - a.Ended),
            new WalWindow(settings.WalLateFromShot, settings.WalLateFromShot + window, d.Moves - c.Moves, d.Lsn - c.Lsn, d.Ended - c.Ended)
        );
    }

    /// <summary>PostgreSQL's current WAL position in bytes (<c>pg_current_wal_lsn()</c>).</summary>
    public static async Task<long> PositionAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select pg_current_wal_lsn() - '0/0'::pg_lsn", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>WAL per move early and late in a match.</summary>
/// <param name="Matches">Matches played in lock step.</param>
/// <param name="Early">The early window.</param>
/// <param name="Late">The late window.</param>
public sealed record WalResult(int Matches, WalWindow Early, WalWindow Late);

/// <summary>One window of the WAL probe.</summary>
/// <param name="FromUserShot">The user shot the window starts at.</param>
/// <param name="ToUserShot">The user shot it ends before.</param>
/// <param name="Moves">Moves persisted in it (both sides).</param>
/// <param name="WalBytes">WAL written in it (the whole server's).</param>
/// <param name="MatchesEnded">Matches that ended inside it.</param>
public sealed record WalWindow(int FromUserShot, int ToUserShot, long Moves, long WalBytes, int MatchesEnded)
{
    /// <summary>WAL bytes per persisted move.</summary>
    public double BytesPerMove => Moves == 0 ? double.NaN : (double)WalBytes / Moves;
}
