using System.Diagnostics;
using System.Globalization;

namespace Battleship.Load.Gateway;

/// <summary>Where and how a run goes.</summary>
/// <param name="Gateway">The gateway's base URL.</param>
/// <param name="Database">The gateway's database, for the WAL readings and pgbench; null against a gateway whose database is out of reach.</param>
/// <param name="PgBenchSeconds">pgbench's duration (0: no pgbench).</param>
/// <param name="Processes">Local processes whose CPU is reported (name → pid).</param>
public sealed record RunSettings(Uri Gateway, string? Database, int PgBenchSeconds, IReadOnlyDictionary<string, int> Processes);

/// <summary>
/// Runs one scenario against a gateway: sets up every connection, plays a warm-up, opens the
/// measured window for the scenario's seconds (sampling once a second; the gateway's grain-call
/// counter is read at both ends), stops the players (who
/// end their matches), reads every replay back, then measures PostgreSQL's insert ceiling with
/// pgbench at the same concurrency, and returns the report.
/// </summary>
public static class GatewayLoadRunner
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="scenario"/>; progress goes to <paramref name="log"/>.</summary>
    public static async Task<LoadReport> RunAsync(Scenario scenario, RunSettings settings, TextWriter log, CancellationToken ct)
    {
        var loadBefore = LoadAverage();
        using var api = new GatewayApi(settings.Gateway);
        using var stats = new LoadStats(scenario.Name);
        api.Stats = stats;
        await using var run = LoadScenario.Create(scenario, api, stats);
        var cpu = new ProcessCpu(settings.Processes);
        var setup = Stopwatch.StartNew();
        await log.WriteLineAsync($"{scenario.Name}: connecting {scenario.Connections} clients to {settings.Gateway}");
        await run.SetupAsync(ct);
        await log.WriteLineAsync($"{scenario.Name}: {stats.Connections} connections after {setup.Elapsed.TotalSeconds:F1} s");

        WalResult? walProbe = null;
        long? lsnBefore = null,
            lsnAfter = null;
        string? metricsBefore,
            metricsAfter;
        CpuUse cpuUse;
        if (run is VersusAgentScenario probe && scenario.Kind == ScenarioKind.WalProbe)
        {
            var database = settings.Database ?? throw new ArgumentException("The WAL probe needs the database (--database).");
            metricsBefore = await api.MetricsAsync(ct);
            cpu.Start();
            stats.Start();
            walProbe = await WalProbe.RunAsync(probe, scenario, database, ct);
            stats.Stop();
            cpuUse = cpu.Stop();
            metricsAfter = await api.MetricsAsync(ct);
        }
        else
        {
            using var stop = new CancellationTokenSource();
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var play = run.PlayAsync(stop.Token, abort.Token);
            await log.WriteLineAsync($"{scenario.Name}: warm-up {scenario.WarmupSeconds} s");
            await Task.WhenAny(play, Task.Delay(TimeSpan.FromSeconds(scenario.WarmupSeconds), ct));
            lsnBefore = await WalPositionAsync(settings.Database, ct);
            metricsBefore = await api.MetricsAsync(ct);
            cpu.Start();
            stats.Start();
            await log.WriteLineAsync($"{scenario.Name}: measuring {scenario.Seconds} s");
            using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
            {
                for (var s = 1; s <= scenario.Seconds && await timer.WaitForNextTickAsync(ct) && !play.IsCompleted; s++)
                {
                    stats.Sample();
                    if (s % 10 == 0)
                    {
                        await log.WriteLineAsync(
                            string.Create(
                                CultureInfo.InvariantCulture,
                                $"  {s, 4} s: {stats.Fires / stats.Elapsed.TotalSeconds, 7:F0} fires/s, {stats.Connections} connections, errors {stats.Errors.Values.Sum()}"
                            )
                        );
                    }
                }
            }
            stats.Stop();
            cpuUse = cpu.Stop();
            metricsAfter = await api.MetricsAsync(ct);
            lsnAfter = await WalPositionAsync(settings.Database, ct);
            await log.WriteLineAsync($"{scenario.Name}: stopping (players end their matches)");
            await stop.CancelAsync();
            if (await Task.WhenAny(play, Task.Delay(DrainTimeout, ct)) != play)
            {
                await log.WriteLineAsync($"{scenario.Name}: players did not stop within {DrainTimeout.TotalSeconds:F0} s; aborting");
                await abort.CancelAsync();
            }
            try
            {
                await play;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested) { }
        }

        await log.WriteLineAsync($"{scenario.Name}: reading {run.Ledger.Matches} replays back");
        var replay = await run.Ledger.VerifyAsync(stats, scenario.ConnectConcurrency, ct);

        PgBenchResult? ceiling = null;
        if (settings.Database is { } db && settings.PgBenchSeconds > 0 && scenario.Kind != ScenarioKind.LobbyChurn)
        {
            var clients = Math.Min(Math.Min(scenario.Players, PgBench.MaxClients), await PgBench.FreeConnectionsAsync(db, ct));
            await log.WriteLineAsync($"pgbench: {clients} clients, single-row INSERT of a move, {settings.PgBenchSeconds} s");
            var tps = await PgBench.InsertMovesAsync(db, clients, TimeSpan.FromSeconds(settings.PgBenchSeconds), TextWriter.Null, ct);
            ceiling = new PgBenchResult(clients, settings.PgBenchSeconds, Math.Round(tps));
        }

        return LoadReport.From(
            scenario,
            settings,
            stats,
            replay,
            cpuUse,
            GrainCalls.Between(metricsBefore, metricsAfter),
            ceiling,
            walProbe,
            lsnBefore,
            lsnAfter,
            loadBefore,
            LoadAverage()
        );
    }

    private static async Task<long?> WalPositionAsync(string? database, CancellationToken ct) =>
        database is null ? null : await WalProbe.PositionAsync(database, ct);

    /// <summary>The machine's load averages (1, 5, 15 minutes), as <c>uptime</c> prints them.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

/// <summary>pgbench's ceiling in the same run.</summary>
/// <param name="Clients">Its clients: the scenario's players, at most <see cref="PgBench.MaxClients"/> and at most the connections the server has free.</param>
/// <param name="Seconds">Its duration.</param>
/// <param name="InsertsPerSecond">Single-row INSERTs of a move per second.</param>
public sealed record PgBenchResult(int Clients, int Seconds, double InsertsPerSecond);
