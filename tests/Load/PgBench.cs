using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Battleship.Load;

/// <summary>
/// PostgreSQL's own ceiling on this machine, measured with pgbench at a given concurrency for a
/// given time: either a single-row UPDATE of a versioned row with a payload of the size of a
/// match's state (the shape of an Orleans grain-state write with its ETag check; the cluster load
/// tool's peer) or a single-row INSERT of a move-sized row (match id, turn, cell, outcome, time:
/// the physical cost of storing one move durably; the gateway load tool's peer).
/// </summary>
public static partial class PgBench
{
    /// <summary>pgbench's clients at most (PostgreSQL's default max_connections is 100, and the cluster holds some).</summary>
    public const int MaxClients = 64;

    /// <summary>Connections the server can still accept for pgbench (its limit, less those open, the superuser reserve and a margin of 5).</summary>
    public static async Task<int> FreeConnectionsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                   - (select count(*) from pg_stat_activity)::int - 5
            """,
            connection
        );
        return Math.Max(1, (int)(await command.ExecuteScalarAsync(ct))!);
    }

    /// <summary>Single-row UPDATEs of a <paramref name="payloadBytes"/>-byte payload; returns transactions per second.</summary>
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
        return await RunAsync(
            connectionString,
            clients,
            duration,
            $"""
            drop table if exists load_ceiling;
            create table load_ceiling (id int primary key, version int not null, payload bytea not null, modified timestamptz not null);
            insert into load_ceiling select g, 0, decode(repeat('7b', {payloadBytes}), 'hex'), now() from generate_series(1, {Rows}) g;
            analyze load_ceiling;
            """,
            $"""
            \set id random(1, {Rows})
            UPDATE load_ceiling SET version = version + 1, payload = decode(repeat('7d', {payloadBytes}), 'hex'), modified = now() WHERE id = :id AND version >= 0;
            """,
            log,
            ct
        );
    }

    /// <summary>Single-row INSERTs of a move (match id, turn, cell, outcome, time) keyed by (match id, turn); returns inserts per second.</summary>
    public static Task<double> InsertMovesAsync(
        string connectionString,
        int clients,
        TimeSpan duration,
        TextWriter log,
        CancellationToken ct
    ) =>
        RunAsync(
            connectionString,
            clients,
            duration,
            """
            drop table if exists load_move_ceiling;
            create table load_move_ceiling (match_id uuid not null, turn int not null, cell smallint not null, outcome smallint not null, at timestamptz not null, primary key (match_id, turn));
            """,
            """
            \set turn random(1, 2000000000)
            INSERT INTO load_move_ceiling (match_id, turn, cell, outcome, at) VALUES (gen_random_uuid(), :turn, 42, 1, now());
            """,
            log,
            ct,
            cleanup: "drop table if exists load_move_ceiling;"
        );

    private static async Task<double> RunAsync(
        string connectionString,
        int clients,
        TimeSpan duration,
        string setupSql,
        string script,
        TextWriter log,
        CancellationToken ct,
        string? cleanup = null
    )
    {
        await ExecuteAsync(connectionString, setupSql, ct);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, script, ct);
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
                    file,
                    b.Database!,
                }
            )
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["PGPASSWORD"] = b.Password;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await log.WriteLineAsync((await output).Trim());
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {await error}");
            }
            var match = Tps().Match(await output);
            return match.Success
                ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("pgbench printed no tps line.");
        }
        finally
        {
            File.Delete(file);
            if (cleanup is not null)
            {
                await ExecuteAsync(connectionString, cleanup, CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
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
