using System.Collections.Concurrent;
using System.Diagnostics;
using Battleship.Engine;
using Battleship.Grains;
using Battleship.Grains.Models;

namespace Battleship.Load;

/// <summary>What a load run measured.</summary>
/// <param name="Matches">Matches started.</param>
/// <param name="FinishedMatches">Matches played to the end.</param>
/// <param name="AcceptedMoves">Shots acknowledged by the grains.</param>
/// <param name="Elapsed">Wall time of the measured phase.</param>
/// <param name="LatenciesMs">Each acknowledged shot's round trip, in milliseconds, sorted.</param>
/// <param name="Errors">Calls that failed.</param>
public sealed record LoadResult(int Matches, int FinishedMatches, long AcceptedMoves, TimeSpan Elapsed, double[] LatenciesMs, long Errors)
{
    public double MovesPerSecond => AcceptedMoves / Elapsed.TotalSeconds;

    /// <summary>The latency below which <paramref name="fraction"/> of the shots fell.</summary>
    public double Percentile(double fraction) =>
        LatenciesMs.Length == 0
            ? double.NaN
            : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(fraction * LatenciesMs.Length) - 1)];
}

/// <summary>
/// Drives concurrent human-vs-human matches through an Orleans client: each worker signs in two
/// users, starts a match, places random fleets and fires alternately (each player sweeps the
/// board in a seeded random order) until someone wins, then starts the next, until the time is up.
/// Every shot goes through <see cref="IMatchGrain.FireAsync"/>, so every one is written to the
/// database before it is acknowledged.
/// </summary>
public sealed class MatchLoad(IGrainFactory grains)
{
    /// <summary>Runs <paramref name="concurrency"/> workers for <paramref name="duration"/>.</summary>
    public async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        var latencies = new ConcurrentBag<double[]>();
        long moves = 0,
            errors = 0;
        int matches = 0,
            finished = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);

        async Task WorkerAsync(int worker)
        {
            var mine = new List<double>(4096);
            var rng = Rng.ForStream(seed, (ulong)worker);
            var one = await SignInAsync($"load-{seed}-{worker}-a");
            var two = await SignInAsync($"load-{seed}-{worker}-b");
            while (!stop.IsCancellationRequested)
            {
                var match = grains.GetGrain<IMatchGrain>(Guid.NewGuid());
                Interlocked.Increment(ref matches);
                try
                {
                    await match.StartAsync(new MatchSetup(one, two, RulesSpec.Standard, TurnTimeout: TimeSpan.FromMinutes(10)));
                    await match.PlaceFleetAsync(one.Id, null);
                    var view = await match.PlaceFleetAsync(two.Id, null);
                    var orders = new[] { ShotOrders.Shuffled(ref rng), ShotOrders.Shuffled(ref rng) };
                    var next = new int[2];
                    var turn = view.TurnNumber;
                    var player = view.CurrentPlayer ?? 0;
                    while (!stop.IsCancellationRequested)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var result = await match.FireAsync(player == 0 ? one.Id : two.Id, orders[player][next[player]++], turn);
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Increment(ref moves);
                        if (result.Status == MatchStatus.Finished)
                        {
                            Interlocked.Increment(ref finished);
                            break;
                        }
                        turn = result.TurnNumber;
                        player = result.NextPlayer!.Value;
                    }
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            latencies.Add([.. mine]);
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(WorkerAsync));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(matches, finished, moves, elapsed, all, errors);
    }

    private async Task<Participant> SignInAsync(string subject)
    {
        var resolved = await grains
            .GetGrain<IIdentityGrain>(IIdentityGrain.KeyOf("load", subject))
            .ResolveAsync(new UserIdentity("load", subject, "load"));
        return Participant.User(resolved.UserId, "load");
    }
}
