using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Battleship.Db;
using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Battleship.Load.Ratings;

/// <summary>What one run measured on one set: the latency of a match end, in microseconds.</summary>
/// <param name="Ratings">Rating rows the set was seeded with.</param>
/// <param name="Matches">Match ends timed.</param>
/// <param name="Errors">Match ends that failed.</param>
/// <param name="Latency">Every timed match end.</param>
public sealed record RatingsSetResult(int Ratings, int Matches, int Errors, HistogramBase Latency)
{
    public double Ms(double percentile) => Latency.GetValueAtPercentile(percentile) / 1000.0;
}

/// <summary>
/// Match ends (the real <see cref="MatchStore.ArchiveFinishedMatchAsync"/>: the match row, the
/// check that its log holds its moves, and the rating step; the moves are appended to the log
/// beforehand, untimed, as a match grain does while it is played) against an archive seeded with a given number of rating rows. Each
/// set lives in a database of its own (<c>bench_ratings_N_xxxxxxxx</c> on the given server),
/// created, migrated and seeded here and dropped by <see cref="DisposeAsync"/>.
/// </summary>
/// <remarks>
/// No two match ends in flight share a participant: a worker takes two free participants, times
/// its call, and gives them back. So the figures are the cost of one match end at that table size,
/// not lock waits (which depend on how many players there are to go round; the tests in
/// tests/Db.Tests cover those). A set of n ratings has at most n / 2 match ends in flight; the time
/// a worker waits for free participants is not counted.
/// </remarks>
public sealed class RatingsBenchSet : IAsyncDisposable
{
    private const long HighestMicros = 60_000_000;

    private readonly string _server;
    private readonly string _database;
    private readonly ServiceProvider _services;
    private readonly Guid[] _participants;
    private readonly int _moves;

    private RatingsBenchSet(string server, string database, ServiceProvider services, Guid[] participants, int moves)
    {
        _server = server;
        _database = database;
        _services = services;
        _participants = participants;
        _moves = moves;
    }

    public string Database => _database;

    public int Ratings => _participants.Length;

    /// <summary>Creates, migrates and seeds a set of <paramref name="ratings"/> users, each with a rating row.</summary>
    /// <param name="server">A connection string to the server (its database is used to create the set's).</param>
    /// <param name="ratings">Users (and rating rows) to seed; at least 2.</param>
    /// <param name="moves">Moves in each archived match.</param>
    /// <param name="ct">Cancels the call.</param>
    public static async Task<RatingsBenchSet> CreateAsync(string server, int ratings, int moves, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratings, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(moves, 1);
        var name = string.Create(CultureInfo.InvariantCulture, $"bench_ratings_{ratings}_{Guid.NewGuid():N}")[..40];
        await ExecuteAsync(server, $"create database \"{name}\"", ct);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        ServiceProvider? services = null;
        try
        {
            await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, connectionString, cancellationToken: ct);
            // Users with a rating each, spread as a ladder is (ratings 1200-1800, deviations 50-350).
            await ExecuteAsync(
                connectionString,
                $"""
                insert into users (id, issuer, subject, display_name, created_at, last_seen_at)
                select gen_random_uuid(), 'https://bench.battleship.local/', 'bench-' || i, 'bench ' || i, now(), now()
                from generate_series(1, {ratings}) as i;
                insert into ratings (id, user_id, rating, deviation, volatility, games, wins, losses, current_streak, updated_at)
                select gen_random_uuid(), id, 1200 + random() * 600, 50 + random() * 300, 0.06, 10, 5, 5, 0, now()
                from users;
                analyze users;
                analyze ratings;
                """,
                ct
            );
            var participants = new List<Guid>(ratings);
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("select id from users", connection);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    participants.Add(reader.GetGuid(0));
                }
            }
            services = new ServiceCollection().AddBattleshipArchive(DatabaseProvider.PostgreSql, connectionString).BuildServiceProvider();
            var shuffled = participants.ToArray();
            Random.Shared.Shuffle(shuffled);
            return new RatingsBenchSet(server, name, services, shuffled, moves);
        }
        catch
        {
            if (services is not null)
            {
                await services.DisposeAsync();
            }
            await DropAsync(server, name);
            throw;
        }
    }

    /// <summary>Times <paramref name="matches"/> match ends, <paramref name="concurrency"/> workers at once, into <paramref name="latency"/>.</summary>
    /// <returns>How many failed.</returns>
    public async Task<int> RunAsync(int matches, int concurrency, LongConcurrentHistogram? latency, CancellationToken ct)
    {
        var store = _services.GetRequiredService<MatchStore>();
        var log = _services.GetRequiredService<IMatchLogStore>();
        var free = Channel.CreateUnbounded<Guid>();
        foreach (var participant in _participants)
        {
            free.Writer.TryWrite(participant);
        }
        var remaining = matches;
        var errors = 0;
        var workers = Enumerable
            .Range(0, concurrency)
            .Select(_ =>
                Task.Run(
                    async () =>
                    {
                        while (Interlocked.Decrement(ref remaining) >= 0)
                        {
                            var one = await free.Reader.ReadAsync(ct);
                            var two = await free.Reader.ReadAsync(ct);
                            var (match, moves) = Match(one, two);
                            await log.AppendAsync(match.Id, moves, ct); // played before the end: not timed
                            var started = Stopwatch.GetTimestamp();
                            try
                            {
                                await store.ArchiveFinishedMatchAsync(match, Glicko2.Default, ct);
                                var micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                                latency?.RecordValue(Math.Clamp(micros, 1, HighestMicros));
                            }
                            catch (Exception e) when (e is not OperationCanceledException)
                            {
                                Interlocked.Increment(ref errors);
                            }
                            finally
                            {
                                free.Writer.TryWrite(one);
                                free.Writer.TryWrite(two);
                            }
                        }
                    },
                    ct
                )
            )
            .ToList();
        await Task.WhenAll(workers);
        return errors;
    }

    /// <summary>A new histogram for <see cref="RunAsync"/>.</summary>
    public static LongConcurrentHistogram NewHistogram() => new(1, HighestMicros, 3);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await DropAsync(_server, _database);
    }

    /// <summary>A finished match of <see cref="_moves"/> moves between two users (misses, then player two resigns) and its log.</summary>
    private (MatchArchive Match, List<MatchLogEntry> Log) Match(Guid one, Guid two)
    {
        var end = DateTimeOffset.UtcNow;
        var start = end.AddMinutes(-10);
        var log = new List<MatchLogEntry>(_moves);
        for (var number = 1; number < _moves; number++)
        {
            log.Add(
                new MatchLogEntry(
                    number,
                    MatchLogKind.Shot,
                    (number - 1) % 2,
                    number % 100,
                    ShotOutcome.Miss,
                    null,
                    start.AddSeconds(number),
                    null
                )
            );
        }
        var resigning = (_moves - 1) % 2;
        log.Add(new MatchLogEntry(_moves, MatchLogKind.Resign, resigning, null, null, null, end, null));
        var match = new MatchArchive(
            Guid.NewGuid(),
            null,
            ParticipantRef.User(one),
            ParticipantRef.User(two),
            "classic-10x10",
            0,
            "[]",
            "[]",
            1 - resigning,
            EndReason.Resign,
            start,
            end,
            _moves
        );
        return (match, log);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task DropAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"drop database if exists \"{database}\" with (force)", CancellationToken.None);
    }
}
