using System.CommandLine;
using System.Globalization;

namespace Battleship.Load.Ratings;

/// <summary>
/// <c>load ratings --database CONN [--small 10] [--ratings 100000] [--matches 2000] [--concurrency 8]</c>:
/// shows that a match end costs the same whatever the number of ratings. In one run it seeds two
/// archives (databases of their own on the server, dropped at the end), one with
/// <c>--small</c> rating rows and one with <c>--ratings</c>, times <c>--matches</c> match ends
/// against each (the real <c>ArchiveFinishedMatchAsync</c>, rating step included), alternating
/// between the two in rounds so that a busy machine slows both alike, and prints p50 and p99 of
/// each and the ratio p99(large) / p99(small). Both sets run the same number of match ends at once
/// and no two in flight share a participant, so the only difference is the table size; as the
/// small set has one disjoint pair per two ratings, that caps the concurrency (5 for 10 ratings).
/// Exits 1 when the ratio exceeds <c>--max-ratio</c> (1.5) or a match end failed. PostgreSQL only.
/// </summary>
public static class RatingsBenchCommand
{
    private const int Rounds = 10;

    private static readonly int[] SmallFirst = [0, 1];
    private static readonly int[] LargeFirst = [1, 0];

    /// <summary>The <c>ratings</c> command.</summary>
    public static Command Build()
    {
        var database = new Option<string?>("--database")
        {
            Description =
                "A PostgreSQL server's connection string (the user may create databases); default Battleship__Database__ConnectionString.",
        };
        var small = new Option<int>("--small") { Description = "Rating rows in the small set.", DefaultValueFactory = _ => 10 };
        var ratings = new Option<int>("--ratings") { Description = "Rating rows in the large set.", DefaultValueFactory = _ => 100_000 };
        var matches = new Option<int>("--matches") { Description = "Match ends timed against each set.", DefaultValueFactory = _ => 2000 };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Match ends against each set before timing (not counted).",
            DefaultValueFactory = _ => 200,
        };
        var concurrency = new Option<int>("--concurrency") { Description = "Match ends at once.", DefaultValueFactory = _ => 8 };
        var moves = new Option<int>("--moves") { Description = "Moves in each archived match.", DefaultValueFactory = _ => 60 };
        var maxRatio = new Option<double>("--max-ratio")
        {
            Description = "The largest p99(large) / p99(small) that passes.",
            DefaultValueFactory = _ => 1.5,
        };
        var command = new Command(
            "ratings",
            "Times match ends (archive and rating) against a small and a large ratings table, side by side."
        )
        {
            database,
            small,
            ratings,
            matches,
            warmup,
            concurrency,
            moves,
            maxRatio,
        };
        command.SetAction(
            async (parse, ct) =>
            {
                var output = parse.InvocationConfiguration.Output;
                var server =
                    parse.GetValue(database)
                    ?? Environment.GetEnvironmentVariable("Battleship__Database__ConnectionString")
                    ?? throw new ArgumentException("--database (or Battleship__Database__ConnectionString) names the PostgreSQL server.");
                var count = Math.Max(Rounds, parse.GetValue(matches));
                var sizes = new[] { parse.GetValue(small), parse.GetValue(ratings) };
                // Both sets run the same number of match ends at once, none sharing a participant, so
                // the two differ in the table size only: the small set allows one match per two ratings.
                var requested = Math.Max(1, parse.GetValue(concurrency));
                var workers = Math.Min(requested, Math.Min(sizes[0], sizes[1]) / 2);
                if (workers < requested)
                {
                    await output.WriteLineAsync(
                        $"concurrency {requested} asked for; {workers} at once in both sets ({sizes[0]} ratings make {workers} disjoint pairs)"
                    );
                }

                await output.WriteLineAsync($"seeding {sizes[0]} and {sizes[1]} ratings (databases of their own, dropped at the end)");
                await using var smallSet = await RatingsBenchSet.CreateAsync(server, sizes[0], parse.GetValue(moves), ct);
                await using var largeSet = await RatingsBenchSet.CreateAsync(server, sizes[1], parse.GetValue(moves), ct);
                RatingsBenchSet[] sets = [smallSet, largeSet];

                var warm = parse.GetValue(warmup);
                await output.WriteLineAsync($"warm-up: {warm} match ends against each");
                foreach (var set in sets)
                {
                    await set.RunAsync(warm, workers, latency: null, ct);
                }

                await output.WriteLineAsync(
                    $"timing {count} match ends against each, {workers} at once, in {Rounds} alternating rounds ({parse.GetValue(moves)} moves a match)"
                );
                var latencies = new[] { RatingsBenchSet.NewHistogram(), RatingsBenchSet.NewHistogram() };
                var errors = new int[2];
                for (var round = 0; round < Rounds; round++)
                {
                    var share = count / Rounds + (round < count % Rounds ? 1 : 0);
                    // Alternate which set goes first, so neither always runs after the other.
                    foreach (var i in round % 2 == 0 ? SmallFirst : LargeFirst)
                    {
                        errors[i] += await sets[i].RunAsync(share, workers, latencies[i], ct);
                    }
                }

                var results = sets.Select((s, i) => new RatingsSetResult(s.Ratings, count, errors[i], latencies[i])).ToArray();
                foreach (var r in results)
                {
                    await output.WriteLineAsync(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{r.Ratings, 8} ratings: {r.Matches} match ends, {r.Errors} errors; ms p50 {r.Ms(50):F2}  p90 {r.Ms(90):F2}  p99 {r.Ms(99):F2}  max {r.Ms(100):F2}"
                        )
                    );
                }
                var ratio = results[1].Ms(99) / results[0].Ms(99);
                var limit = parse.GetValue(maxRatio);
                var passed = ratio <= limit && results.All(r => r.Errors == 0);
                await output.WriteLineAsync(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"ratio p99({sizes[1]}) / p99({sizes[0]}) = {ratio:F2} (at most {limit:F2}): {(passed ? "pass" : "FAIL")}"
                    )
                );
                return passed ? 0 : 1;
            }
        );
        return command;
    }
}
