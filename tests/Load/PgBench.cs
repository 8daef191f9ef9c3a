using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Battleship.Load;

/// <summary>
/// PostgreSQL's own ceiling for writes like the grains' on this machine: pgbench running a
/// single-row UPDATE of a versioned row with a payload of the size of a match's state (the
/// shape of an Orleans grain-state write with its ETag check), with as many clients as the load
/// had workers, for the same duration.
/// </summary>
public static partial class PgBench
{
    /// <summary>Prepares the table and runs pgbench; returns transactions per second.</summary>
    public static async Task<double> RunAsync(
        string connectionString,
        int clients,
        TimeSpan duration,
        int payloadBytes,
        TextWriter log,
        CancellationToken ct
    )
    {
        const int Rows = 10_000;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var setup = new NpgsqlCommand(
                $"""
                drop table if exists load_ceiling;
                create table load_ceiling (id int primary key, version int not null, payload bytea not null, modified timestamptz not null);
                insert into load_ceiling select g, 0, decode(repeat('7b', {payloadBytes}), 'hex'), now() from generate_series(1, {Rows}) g;
                """,
                connection
            );
            await setup.ExecuteNonQueryAsync(ct);
            await using var vacuum = new NpgsqlCommand("vacuum analyze load_ceiling", connection);
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(
            script,
            $"""
            \set id random(1, {Rows})
            UPDATE load_ceiling SET version = version + 1, payload = decode(repeat('7d', {payloadBytes}), 'hex'), modified = now() WHERE id = :id AND version >= 0;
            """,
            ct
        );
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            var start = new ProcessStartInfo(FindPgBench())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (
                var argument in new[]
                {
                    "-n",
                    "-h",
                    b.Host!,
                    "-p",
                    b.Port.ToString(CultureInfo.InvariantCulture),
                    "-U",
                    b.Username!,
                    "-c",
                    clients.ToString(CultureInfo.InvariantCulture),
                    "-j",
                    Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
                    "-T",
                    ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                    "-f",
                    script,
                    b.Database!,
                }
            )
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["PGPASSWORD"] = b.Password;
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(ct);
            var error = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await log.WriteLineAsync(output.Trim());
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {error}");
            }
            var match = Tps().Match(output);
            return match.Success
                ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("pgbench printed no tps line.");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string FindPgBench() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory
                .GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", "pgbench"))
                .Where(File.Exists)
                .OrderDescending(StringComparer.Ordinal)
                .FirstOrDefault()
                ?? "pgbench"
            : "pgbench";

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
