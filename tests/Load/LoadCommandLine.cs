using System.CommandLine;
using System.Globalization;
using Battleship.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Battleship.Load;

/// <summary><c>load --concurrency N --seconds S --seed X</c>: the match load, then pgbench, side by side.</summary>
public static class LoadCommandLine
{
    public static RootCommand Build()
    {
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Matches played at once.", DefaultValueFactory = _ => 32 };
        var seconds = new Option<int>("--seconds", "-s")
        {
            Description = "Duration of each phase (at most 600).",
            DefaultValueFactory = _ => 30,
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the shot orders.", DefaultValueFactory = _ => 1 };
        var skipPgBench = new Option<bool>("--no-pgbench") { Description = "Measure the cluster only." };
        var root = new RootCommand(
            "Drives concurrent matches through an Orleans client against the running cluster (settings as for the silo: Battleship__Database__*), "
                + "then measures PostgreSQL's own ceiling for comparable single-row updates with pgbench, and prints the ratio."
        )
        {
            concurrency,
            seconds,
            seed,
            skipPgBench,
            Gateway.GatewayLoadCommand.Build(),
            Ratings.RatingsBenchCommand.Build(),
        };
        root.SetAction(
            async (parse, ct) =>
            {
                var c = parse.GetValue(concurrency);
                var duration = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(seconds), 1, 600));
                var output = parse.InvocationConfiguration.Output;
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.AddBattleshipClusterClient();
                using var host = builder.Build();
                await host.StartAsync(ct);
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                var connectionString = BattleshipSettings.ReadDatabase(builder.Configuration).ConnectionString;

                await output.WriteLineAsync($"warm-up: {c} matches for 5 s");
                await new MatchLoad(grains).RunAsync(c, TimeSpan.FromSeconds(5), parse.GetValue(seed) + 1000, ct);
                await output.WriteLineAsync($"cluster: {c} concurrent matches for {duration.TotalSeconds:F0} s");
                var load = await new MatchLoad(grains).RunAsync(c, duration, parse.GetValue(seed), ct);
                await host.StopAsync(ct);
                var payload = await AverageMatchStateBytesAsync(connectionString, ct);
                Report(output, load, payload);

                if (!parse.GetValue(skipPgBench))
                {
                    await output.WriteLineAsync(
                        $"pgbench: {c} clients, single-row UPDATE of a {payload}-byte payload, {duration.TotalSeconds:F0} s"
                    );
                    var tps = await PgBench.RunAsync(connectionString, c, duration, payload, output, ct);
                    await output.WriteLineAsync(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"ratio: {load.MovesPerSecond:F0} accepted moves/s ÷ {tps:F0} PostgreSQL updates/s = {load.MovesPerSecond / tps:P1}"
                        )
                    );
                }
                return load.Errors == 0 ? 0 : 1;
            }
        );
        return root;
    }

    private static void Report(TextWriter output, LoadResult load, int payload) =>
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"""
                matches started {load.Matches}, finished {load.FinishedMatches}, errors {load.Errors}
                accepted moves {load.AcceptedMoves} in {load.Elapsed.TotalSeconds:F1} s = {load.MovesPerSecond:F0} moves/s
                latency ms: p50 {load.Percentile(0.50):F2}  p90 {load.Percentile(0.90):F2}  p99 {load.Percentile(
                    0.99
                ):F2}  max {load.Percentile(1):F2}
                average stored match state: {payload} bytes
                """
            )
        );

    /// <summary>The mean size of the stored match states, so that pgbench writes rows of the same size.</summary>
    private static async Task<int> AverageMatchStateBytesAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "select coalesce(avg(octet_length(payload)), 2048)::int from orleans_grain_state where state_name = 'match' and payload is not null",
            connection
        );
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }
}
