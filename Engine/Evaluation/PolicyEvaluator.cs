using System.Collections.Concurrent;
using System.Diagnostics;
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
    ) => Evaluate(rules, policyFactory, games, seed, timeDecisions: false, maxDegreeOfParallelism, cancellationToken);

    /// <summary>
    /// Plays <paramref name="games"/> games on all cores and returns the shots each took to win and,
    /// with <paramref name="timeDecisions"/>, how long each decision of the policy took (wall-clock
    /// time of <see cref="IShotPolicy.SelectShot"/>, so it depends on the machine and its load; the
    /// shots do not).
    /// </summary>
    /// <param name="rules">The rules to play.</param>
    /// <param name="policyFactory">Makes one policy per worker thread (built-in policies may return a shared instance).</param>
    /// <param name="games">How many games.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="timeDecisions">Whether to time every decision (<see cref="EvaluationReport.DecisionTimes"/>).</param>
    /// <param name="maxDegreeOfParallelism">Worker threads; defaults to the processor count.</param>
    /// <param name="cancellationToken">Stops the run early.</param>
    public static EvaluationReport Evaluate(
        GameRules rules,
        Func<IShotPolicy> policyFactory,
        int games,
        ulong seed,
        bool timeDecisions,
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
        var decisionTicks = timeDecisions ? new List<long>() : null;
        Parallel.ForEach(
            Partitioner.Create(0, games, chunk),
            options,
            range =>
            {
                var policy = policyFactory();
                Interlocked.CompareExchange(ref name, policy.Name, null);
                var ocean = new Ocean(rules);
                Span<UInt128> fleet = stackalloc UInt128[rules.Fleet.Length];
                var ticks = decisionTicks is null ? null : new List<long>();
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var rng = Rng.ForStream(seed, (ulong)i);
                    FleetLayout.SampleMasks(rules, ref rng, fleet);
                    ocean.Reset(fleet);
                    shots[i] = ticks is null ? PlayOut(ocean, policy, ref rng) : PlayOutTimed(ocean, policy, ref rng, ticks);
                }
                if (ticks is not null)
                {
                    lock (decisionTicks!)
                    {
                        decisionTicks.AddRange(ticks);
                    }
                }
            }
        );
        var times = decisionTicks is null ? null : DecisionTimes.FromStopwatchTicks([.. decisionTicks]);
        return new EvaluationReport(name ?? policyFactory().Name, seed, shots, times);
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

    /// <summary><see cref="PlayOut"/>, adding the <see cref="Stopwatch"/> ticks each decision took to <paramref name="ticks"/>.</summary>
    private static int PlayOutTimed(Ocean ocean, IShotPolicy policy, ref Rng rng, List<long> ticks)
    {
        while (!ocean.AllSunk)
        {
            var started = Stopwatch.GetTimestamp();
            var cell = policy.SelectShot(ocean.View, ref rng);
            ticks.Add(Stopwatch.GetTimestamp() - started);
            var error = ocean.TryFire(cell, out _);
            if (error != MoveError.None)
            {
                throw new InvalidOperationException($"Policy '{policy.Name}' chose cell {cell}, which was refused: {error}.");
            }
        }
        return ocean.ShotCount;
    }
}

/// <summary>How long a policy's decisions took over an evaluation run: wall-clock times, so they depend on the machine and its load.</summary>
public sealed class DecisionTimes
{
    private DecisionTimes() { }

    /// <summary>The number of decisions timed.</summary>
    public int Count { get; private init; }

    /// <summary>The mean time of a decision.</summary>
    public TimeSpan Mean { get; private init; }

    /// <summary>The median time of a decision.</summary>
    public TimeSpan Median { get; private init; }

    /// <summary>The 99th percentile (nearest rank): 99 % of the decisions took at most this long.</summary>
    public TimeSpan P99 { get; private init; }

    /// <summary>The longest decision.</summary>
    public TimeSpan Max { get; private init; }

    /// <summary>The summary of durations given in <see cref="Stopwatch"/> ticks (sorted in place); null when there are none.</summary>
    public static DecisionTimes? FromStopwatchTicks(long[] ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        if (ticks.Length == 0)
        {
            return null;
        }
        Array.Sort(ticks);
        static TimeSpan Time(double stopwatchTicks) => TimeSpan.FromSeconds(stopwatchTicks / Stopwatch.Frequency);
        return new DecisionTimes
        {
            Count = ticks.Length,
            Mean = Time(ticks.Average(t => (double)t)),
            Median = Time(ticks[(ticks.Length - 1) / 2]),
            P99 = Time(ticks[(int)Math.Ceiling(0.99 * ticks.Length) - 1]),
            Max = Time(ticks[^1]),
        };
    }
}

/// <summary>The outcome of an evaluation run: shots to win per game, and their statistics.</summary>
public sealed class EvaluationReport
{
    private readonly int[] _sorted;

    /// <summary>Creates the report for <paramref name="shotsPerGame"/> (game order) and, when timed, the policy's <paramref name="decisionTimes"/>.</summary>
    public EvaluationReport(string agent, ulong seed, int[] shotsPerGame, DecisionTimes? decisionTimes = null)
    {
        DecisionTimes = decisionTimes;
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

    /// <summary>How long the policy's decisions took, when the run timed them; null otherwise.</summary>
    public DecisionTimes? DecisionTimes { get; }

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
