using System.Collections.Concurrent;
using Battleship.Engine.Policies;

namespace Battleship.Engine.Evaluation;

/// <summary>
/// Plays a policy against uniformly placed fleets and measures shots to win. Game <c>i</c> of a
/// run uses the random stream <c>(seed, i)</c> for both the fleet and the policy's tie-breaks, so
/// a run's results depend only on the seed and the number of games, not on how many threads play.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Plays <paramref name="games"/> games on all cores and returns the shots each took to win.</summary>
    /// <param name="rules">The rules to play.</param>
    /// <param name="policyFactory">Makes one policy per worker thread (built-in policies may return a shared instance).</param>
    /// <param name="games">How many games.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads; defaults to the processor count.</param>
    /// <param name="cancellationToken">Stops the run early.</param>
    public static EvaluationReport Evaluate(
        GameRules rules,
        Func<IShotPolicy> policyFactory,
        int games,
        ulong seed,
        int? maxDegreeOfParallelism = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(policyFactory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(games);
        var shots = new int[games];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        var chunk = Math.Max(1, Math.Min(256, games / (4 * options.MaxDegreeOfParallelism)));
        string? name = null;
        Parallel.ForEach(
            Partitioner.Create(0, games, chunk),
            options,
            range =>
            {
                var policy = policyFactory();
                Interlocked.CompareExchange(ref name, policy.Name, null);
                var ocean = new Ocean(rules);
                Span<UInt128> fleet = stackalloc UInt128[rules.Fleet.Length];
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var rng = Rng.ForStream(seed, (ulong)i);
                    FleetLayout.SampleMasks(rules, ref rng, fleet);
                    ocean.Reset(fleet);
                    shots[i] = PlayOut(ocean, policy, ref rng);
                }
            }
        );
        return new EvaluationReport(name ?? policyFactory().Name, seed, shots);
    }

    /// <summary>Fires with <paramref name="policy"/> until every ship of <paramref name="ocean"/> is sunk; returns the number of shots.</summary>
    public static int PlayOut(Ocean ocean, IShotPolicy policy, ref Rng rng)
    {
        ArgumentNullException.ThrowIfNull(ocean);
        ArgumentNullException.ThrowIfNull(policy);
        while (!ocean.AllSunk)
        {
            var cell = policy.SelectShot(ocean.View, ref rng);
            var error = ocean.TryFire(cell, out _);
            if (error != MoveError.None)
            {
                throw new InvalidOperationException($"Policy '{policy.Name}' chose cell {cell}, which was refused: {error}.");
            }
        }
        return ocean.ShotCount;
    }
}

/// <summary>The outcome of an evaluation run: shots to win per game, and their statistics.</summary>
public sealed class EvaluationReport
{
    private readonly int[] _sorted;

    /// <summary>Creates the report for <paramref name="shotsPerGame"/> (game order).</summary>
    public EvaluationReport(string agent, ulong seed, int[] shotsPerGame)
    {
        ArgumentNullException.ThrowIfNull(shotsPerGame);
        ArgumentOutOfRangeException.ThrowIfZero(shotsPerGame.Length);
        Agent = agent;
        Seed = seed;
        ShotsPerGame = shotsPerGame;
        _sorted = [.. shotsPerGame];
        Array.Sort(_sorted);
        Mean = shotsPerGame.Average();
        var sumOfSquares = shotsPerGame.Sum(s => (s - Mean) * (s - Mean));
        StandardDeviation = shotsPerGame.Length > 1 ? Math.Sqrt(sumOfSquares / (shotsPerGame.Length - 1)) : 0;
        var mid = _sorted.Length / 2;
        Median = _sorted.Length % 2 == 1 ? _sorted[mid] : (_sorted[mid - 1] + _sorted[mid]) / 2.0;
    }

    /// <summary>The policy's name.</summary>
    public string Agent { get; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; }

    /// <summary>Shots to win, by game index.</summary>
    public IReadOnlyList<int> ShotsPerGame { get; }

    /// <summary>Number of games.</summary>
    public int Games => ShotsPerGame.Count;

    /// <summary>Mean shots to win.</summary>
    public double Mean { get; }

    /// <summary>Median shots to win.</summary>
    public double Median { get; }

    /// <summary>Sample standard deviation of shots to win.</summary>
    public double StandardDeviation { get; }

    /// <summary>Standard error of the mean.</summary>
    public double StandardError => StandardDeviation / Math.Sqrt(Games);

    /// <summary>Fewest shots in any game.</summary>
    public int Min => _sorted[0];

    /// <summary>Most shots in any game.</summary>
    public int Max => _sorted[^1];

    /// <summary>Counts of games per bin of <paramref name="binWidth"/> shots, from the bin holding <see cref="Min"/> to the one holding <see cref="Max"/>.</summary>
    public IReadOnlyList<(int From, int To, int Count)> Histogram(int binWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binWidth);
        var first = Min / binWidth * binWidth;
        var counts = new int[(Max - first) / binWidth + 1];
        foreach (var shots in _sorted)
        {
            counts[(shots - first) / binWidth]++;
        }
        return [.. counts.Select((count, i) => (first + i * binWidth, first + (i + 1) * binWidth - 1, count))];
    }
}
