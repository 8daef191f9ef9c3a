using System.CommandLine;
using System.Globalization;
using Battleship.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Battleship.Load.Gateway;

/// <summary>
/// <c>load gateway --scenario NAME|FILE [--gateway URL] [--players N] [--seconds S] ...</c>: runs
/// a scenario with real SignalR and REST clients against a gateway, prints one table and writes a
/// JSON report. While it runs it serves its own metrics (<c>Battleship.Load</c>) for Prometheus
/// and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, exports them over OTLP. See docs/load.md.
/// </summary>
public static class GatewayLoadCommand
{
    /// <summary>The <c>gateway</c> command.</summary>
    public static Command Build()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "A scenario name in --scenarios or a scenario file.",
            DefaultValueFactory = _ => "vs-agent",
        };
        var scenarios = new Option<string>("--scenarios")
        {
            Description = "The folder of named scenarios.",
            DefaultValueFactory = _ => "ops/load/scenarios",
        };
        var gateway = new Option<string>("--gateway")
        {
            Description = "The gateway's base URL (any gateway with the local issuer enabled).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BATTLESHIP_GATEWAY_URL") ?? "http://127.0.0.1:5080",
        };
        var players = new Option<int?>("--players") { Description = "Overrides the scenario's players." };
        var spectators = new Option<int?>("--spectators") { Description = "Overrides the scenario's spectators (lobby churn: watchers)." };
        var seconds = new Option<int?>("--seconds") { Description = "Overrides the scenario's measured seconds." };
        var warmup = new Option<int?>("--warmup") { Description = "Overrides the scenario's warm-up seconds." };
        var ramp = new Option<int?>("--ramp")
        {
            Description = "Overrides the scenario's ramp (rooms: seconds over which the pairs arrive).",
        };
        var pace = new Option<double?>("--pace")
        {
            Description = "Overrides the scenario's pace (shots per second per player; 0: closed loop).",
        };
        var database = new Option<string?>("--database")
        {
            Description =
                "The gateway's PostgreSQL (for WAL readings and pgbench); default Battleship__Database__ConnectionString; 'none' skips both.",
        };
        var pgbenchSeconds = new Option<int>("--pgbench-seconds")
        {
            Description = "pgbench's duration; 0 skips it.",
            DefaultValueFactory = _ => 20,
        };
        var process = new Option<string[]>("--process")
        {
            Description = "A local process to report the CPU of, as name=pid (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var report = new Option<string?>("--report")
        {
            Description = "The JSON report's path (default artifacts/load-gateway/<scenario>-<time>.json).",
        };
        var metricsUrl = new Option<string>("--metrics-url")
        {
            Description = "Where the generator serves /metrics during the run; 'none' to serve nothing.",
            DefaultValueFactory = _ => "http://127.0.0.1:9464",
        };
        var command = new Command(
            "gateway",
            "Drives a scenario through a gateway with real SignalR and REST clients, beside pgbench's insert ceiling."
        )
        {
            scenario,
            scenarios,
            gateway,
            players,
            spectators,
            seconds,
            warmup,
            ramp,
            pace,
            database,
            pgbenchSeconds,
            process,
            report,
            metricsUrl,
        };
        command.SetAction(
            async (parse, ct) =>
            {
                var output = parse.InvocationConfiguration.Output;
                var loaded = Scenario.Load(parse.GetValue(scenario)!, parse.GetValue(scenarios)!);
                var chosen = loaded with
                {
                    Players = parse.GetValue(players) ?? loaded.Players,
                    Spectators = parse.GetValue(spectators) ?? loaded.Spectators,
                    Seconds = parse.GetValue(seconds) ?? loaded.Seconds,
                    WarmupSeconds = parse.GetValue(warmup) ?? loaded.WarmupSeconds,
                    RampSeconds = parse.GetValue(ramp) ?? loaded.RampSeconds,
                    Pace = parse.GetValue(pace) ?? loaded.Pace,
                };
                chosen = chosen.Validated();
                var db = parse.GetValue(database) ?? Environment.GetEnvironmentVariable("Battleship__Database__ConnectionString");
                var settings = new RunSettings(
                    Uri.TryCreate(parse.GetValue(gateway), UriKind.Absolute, out var url)
                        ? url
                        : throw new ArgumentException($"--gateway takes an absolute URL, not '{parse.GetValue(gateway)}'."),
                    string.IsNullOrWhiteSpace(db) || db == "none" ? null : db,
                    parse.GetValue(pgbenchSeconds),
                    ParseProcesses(parse.GetValue(process) ?? [])
                );

                await using var metrics = await StartMetricsAsync(parse.GetValue(metricsUrl)!, ct);
                var result = await GatewayLoadRunner.RunAsync(chosen, settings, output, ct);
                var path =
                    parse.GetValue(report)
                    ?? Path.Combine(
                        "artifacts",
                        "load-gateway",
                        $"{chosen.Name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json"
                    );
                await result.WriteJsonAsync(path, ct);
                await output.WriteLineAsync();
                await output.WriteAsync(result.ToTable());
                await output.WriteLineAsync($"  report: {path}");
                return result.Passed ? 0 : 1;
            }
        );
        return command;
    }

    private static Dictionary<string, int> ParseProcesses(IEnumerable<string> pairs)
    {
        var processes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(pair[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                throw new ArgumentException($"--process takes name=pid, not '{pair}'.");
            }
            processes[pair[..eq]] = pid;
        }
        return processes;
    }

    /// <summary>A small web host that serves the generator's metrics (ServiceDefaults' telemetry); null with 'none'.</summary>
    private static async Task<WebApplication?> StartMetricsAsync(string url, CancellationToken ct)
    {
        if (url == "none")
        {
            return null;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Environment.ApplicationName = "Battleship.Load";
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(ct);
        return app;
    }
}
