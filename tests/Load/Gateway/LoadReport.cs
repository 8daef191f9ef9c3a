using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;

namespace Battleship.Load.Gateway;

/// <summary>Percentiles of one latency histogram, in milliseconds.</summary>
public sealed record Percentiles(long Count, double P50, double P90, double P99, double P999, double Max);

/// <summary>Everything a gateway load run measured (printed as a table, written as JSON).</summary>
public sealed record LoadReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public required string Scenario { get; init; }
    public required ScenarioKind Kind { get; init; }
    public required string Gateway { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Machine { get; init; }
    public required string LoadAverageBefore { get; init; }
    public required string LoadAverageAfter { get; init; }
    public required int Players { get; init; }
    public required int Spectators { get; init; }
    public required double Pace { get; init; }

    /// <summary>Seconds over which the rooms' pairs arrived (0: all at once).</summary>
    public required int RampSeconds { get; init; }

    /// <summary>Seconds of play before the measured window.</summary>
    public required int WarmupSeconds { get; init; }
    public required double Seconds { get; init; }
    public required int ConnectionsAtEnd { get; init; }
    public required int FewestConnections { get; init; }
    public required long AcknowledgedFires { get; init; }
    public required double FiresPerSecond { get; init; }
    public required long PersistedMoves { get; init; }
    public required double PersistedMovesPerSecond { get; init; }
    public required long Operations { get; init; }
    public required double OperationsPerSecond { get; init; }
    public required long Events { get; init; }
    public required IReadOnlyDictionary<string, Percentiles> LatencyMs { get; init; }
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    public required IReadOnlyDictionary<string, long> Retries { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public required ReplayCheck Replay { get; init; }
    public required CpuUse Cpu { get; init; }

    /// <summary>The gateway's grain calls in the window (null when its <c>/metrics</c> could not be read).</summary>
    public GrainCalls? GrainCalls { get; init; }
    public PgBenchResult? PgBench { get; init; }
    public double? PersistedMovesToInsertCeiling { get; init; }
    public double? WalBytesPerMove { get; init; }
    public WalResult? WalProbe { get; init; }
    public required IReadOnlyList<TimelinePoint> Timeline { get; init; }

    /// <summary>Whether the run kept every acknowledged move and did what it set out to do.</summary>
    [JsonIgnore]
    public bool Passed =>
        Replay is { LostShots: 0, DuplicateMoves: 0, UnfinishedMatches: 0 }
        && (Kind == ScenarioKind.LobbyChurn ? Operations > 0 && Events > 0 : AcknowledgedFires > 0);

    internal static LoadReport From(
        Scenario scenario,
        RunSettings settings,
        LoadStats stats,
        ReplayCheck replay,
        CpuUse cpu,
        GrainCalls? grainCalls,
        PgBenchResult? ceiling,
        WalResult? wal,
        long? lsnBefore,
        long? lsnAfter,
        string loadBefore,
        string loadAfter
    )
    {
        var seconds = stats.Elapsed.TotalSeconds;
        var movesPerSecond = stats.PersistedMoves / seconds;
        return new LoadReport
        {
            Scenario = scenario.Name,
            Kind = scenario.Kind,
            Gateway = settings.Gateway.ToString(),
            At = DateTimeOffset.UtcNow,
            Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion.VersionString}",
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = loadAfter,
            Players = scenario.Players,
            Spectators = scenario.Spectators,
            Pace = scenario.Pace,
            RampSeconds = scenario.RampSeconds,
            WarmupSeconds = scenario.WarmupSeconds,
            Seconds = Math.Round(seconds, 2),
            ConnectionsAtEnd = stats.Connections,
            FewestConnections = stats.FewestConnections,
            AcknowledgedFires = stats.Fires,
            FiresPerSecond = Math.Round(stats.Fires / seconds, 1),
            PersistedMoves = stats.PersistedMoves,
            PersistedMovesPerSecond = Math.Round(movesPerSecond, 1),
            Operations = stats.Operations,
            OperationsPerSecond = Math.Round(stats.Operations / seconds, 1),
            Events = stats.Events,
            LatencyMs = stats.Latencies.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => Summarise(l.Value)),
            Errors = stats.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(),
            Retries = stats.Retries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(),
            Notes = stats.Notes,
            Replay = replay,
            Cpu = cpu,
            GrainCalls = grainCalls,
            PgBench = ceiling,
            PersistedMovesToInsertCeiling =
                ceiling is { InsertsPerSecond: > 0 } c && stats.PersistedMoves > 0
                    ? Math.Round(movesPerSecond / c.InsertsPerSecond, 4)
                    : null,
            WalBytesPerMove =
                lsnBefore is { } a && lsnAfter is { } b && stats.PersistedMoves > 0
                    ? Math.Round((double)(b - a) / stats.PersistedMoves)
                    : null,
            WalProbe = wal,
            Timeline = stats.Timeline,
        };
    }

    private static Percentiles Summarise(HistogramBase h) =>
        new(
            h.TotalCount,
            Ms(h.GetValueAtPercentile(50)),
            Ms(h.GetValueAtPercentile(90)),
            Ms(h.GetValueAtPercentile(99)),
            Ms(h.GetValueAtPercentile(99.9)),
            Ms(h.GetMaxValue())
        );

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 2);

    /// <summary>Writes the report as JSON.</summary>
    public async Task WriteJsonAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json), ct);
    }

    /// <summary>The report as one plain-text table.</summary>
    public string ToTable()
    {
        var t = new StringBuilder();
        void Row(string name, string value) => t.Append(CultureInfo.InvariantCulture, $"  {name, -34} {value}\n");
        t.Append(CultureInfo.InvariantCulture, $"{Scenario} ({Kind}) against {Gateway}\n");
        Row("machine, load average before/after", $"{Machine}; {LoadAverageBefore} / {LoadAverageAfter}");
        Row("players, spectators, pace", $"{Players}, {Spectators}, {(Pace > 0 ? $"{Pace} per second" : "closed loop")}");
        Row("warm-up, arrivals", $"{WarmupSeconds} s, {(RampSeconds > 0 ? $"spread over {RampSeconds} s" : "all at once")}");
        Row("connections (fewest / at end)", $"{FewestConnections} / {ConnectionsAtEnd}");
        Row("measured", $"{Seconds:F1} s");
        if (Kind == ScenarioKind.LobbyChurn)
        {
            Row("room operations", $"{Operations} = {OperationsPerSecond:F1}/s");
            Row("lobby events at watchers", $"{Events} = {Events / Seconds:F0}/s");
        }
        else
        {
            Row("acknowledged Fires", $"{AcknowledgedFires} = {FiresPerSecond:F1}/s");
            Row("persisted moves (incl. agents')", $"{PersistedMoves} = {PersistedMovesPerSecond:F1}/s");
        }
        foreach (var (name, p) in LatencyMs)
        {
            Row(
                $"{name} ms",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"p50 {p.P50:F1}  p90 {p.P90:F1}  p99 {p.P99:F1}  p99.9 {p.P999:F1}  max {p.Max:F1}  (n={p.Count})"
                )
            );
        }
        Row("errors by code", Errors.Count == 0 ? "none" : string.Join(", ", Errors.Select(e => $"{e.Key} {e.Value}")));
        foreach (var note in Notes)
        {
            Row("note", note);
        }
        Row("retried calls by code", Retries.Count == 0 ? "none" : string.Join(", ", Retries.Select(e => $"{e.Key} {e.Value}")));
        Row(
            "replay check",
            $"{Replay.CheckedShots} acknowledged shots in {Replay.Matches} matches, lost {Replay.LostShots}"
                + (Replay.UnreadableReplays > 0 ? $" ({Replay.UnreadableReplays} replays unreadable)" : "")
                + $", duplicated {Replay.DuplicateMoves}, unfinished matches {Replay.UnfinishedMatches}"
        );
        Row(
            "CPU seconds (wall " + Cpu.WallSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s)",
            string.Join(", ", Cpu.CpuSeconds.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:F1}")))
        );
        Row(
            "gateway grain calls per ack. shot",
            GrainCalls switch
            {
                null => "unknown (no /metrics from the gateway, or its counters went back: a restart or another gateway)",
                { } g => string.Create(
                    CultureInfo.InvariantCulture,
                    $"{(g.PerAcknowledgedShot is { } per ? per.ToString("F2", CultureInfo.InvariantCulture) : "-")} ({g.Total:F0} calls for {g.AcknowledgedShots:F0} Fires: {string.Join(", ", g.ByMethod.Take(4).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F0}")))})"
                ),
            }
        );
        if (PgBench is { } pg)
        {
            Row(
                "pgbench INSERT ceiling",
                string.Create(CultureInfo.InvariantCulture, $"{pg.InsertsPerSecond:F0}/s ({pg.Clients} clients, {pg.Seconds} s)")
            );
        }
        if (PersistedMovesToInsertCeiling is { } ratio)
        {
            Row("persisted moves ÷ ceiling", ratio.ToString("P1", CultureInfo.InvariantCulture));
        }
        if (WalBytesPerMove is { } wal)
        {
            Row("WAL per persisted move", $"{wal:F0} B (whole window)");
        }
        if (WalProbe is { } probe)
        {
            foreach (var (name, w) in new[] { ("early", probe.Early), ("late", probe.Late) })
            {
                Row(
                    $"WAL per move, {name}",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{w.BytesPerMove:F0} B (user shots {w.FromUserShot}–{w.ToUserShot} of {probe.Matches} matches: {w.Moves} moves, {w.WalBytes} B; ended inside: {w.MatchesEnded})"
                    )
                );
            }
        }
        Row("result", Passed ? "PASS" : "FAIL");
        return t.ToString();
    }
}
