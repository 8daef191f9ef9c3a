using Battleship.Engine;
using Battleship.Engine.Policies;

namespace Battleship.Benchmarks;

/// <summary>Seeded inputs shared by the benchmarks, built once in each class's <c>[GlobalSetup]</c>.</summary>
internal static class Fixtures
{
    /// <summary>The seed every benchmark derives its inputs from, so that runs compare like with like.</summary>
    public const ulong Seed = 20_251_128;

    /// <summary>
    /// <paramref name="count"/> uniformly random fleets of <paramref name="rules"/>, stored one after
    /// the other: fleet <c>g</c> is the slice <c>[g * FleetLength, (g + 1) * FleetLength)</c>.
    /// </summary>
    public static UInt128[] Fleets(GameRules rules, int count, ulong seed)
    {
        var length = rules.Fleet.Length;
        var fleets = new UInt128[count * length];
        var rng = new Rng(seed);
        for (var g = 0; g < count; g++)
        {
            FleetLayout.SampleMasks(rules, ref rng, fleets.AsSpan(g * length, length));
        }
        return fleets;
    }

    /// <summary>
    /// For each fleet of <paramref name="fleets"/>, a uniformly random order of every cell of the
    /// board, except that the fleet's last cell to be hit is swapped to the end. Every one of the
    /// <c>rules.Cells</c> shots of a sequence is therefore accepted, and the last one wins the game:
    /// there is no refused shot to flatter the figures.
    /// </summary>
    public static int[] ShotSequences(GameRules rules, UInt128[] fleets, ulong seed)
    {
        var length = rules.Fleet.Length;
        var cells = rules.Cells;
        var games = fleets.Length / length;
        var sequences = CellOrders(rules, games, seed);
        for (var g = 0; g < games; g++)
        {
            var sequence = sequences.AsSpan(g * cells, cells);
            var occupied = UInt128.Zero;
            foreach (var mask in fleets.AsSpan(g * length, length))
            {
                occupied |= mask;
            }
            var lastHit = -1;
            for (var i = 0; i < cells; i++)
            {
                if (Bitboard.Contains(occupied, sequence[i]))
                {
                    lastHit = i;
                }
            }
            (sequence[lastHit], sequence[cells - 1]) = (sequence[cells - 1], sequence[lastHit]);
        }
        return sequences;
    }

    /// <summary>
    /// <paramref name="count"/> uniformly random orders of every cell of the board (Fisher–Yates),
    /// stored one after the other: order <c>k</c> is the slice <c>[k * Cells, (k + 1) * Cells)</c>.
    /// Fired in order against any fleet, each is a legal agent that wins by the order's last cell at the latest.
    /// </summary>
    public static int[] CellOrders(GameRules rules, int count, ulong seed)
    {
        var cells = rules.Cells;
        var orders = new int[count * cells];
        var rng = new Rng(seed);
        for (var k = 0; k < count; k++)
        {
            var order = orders.AsSpan(k * cells, cells);
            for (var i = 0; i < cells; i++)
            {
                order[i] = i;
            }
            for (var i = cells - 1; i > 0; i--)
            {
                var j = rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        return orders;
    }

    /// <summary>
    /// Realistic positions for timing a policy's decision: <paramref name="count"/> views of
    /// <paramref name="stage"/>, each from a different game played by the probability-density
    /// policy itself on a seeded fleet, chosen at random among that game's views of the stage.
    /// </summary>
    public static TargetView[] Views(GameRules rules, DecisionStage stage, int count, ulong seed)
    {
        var views = new TargetView[count];
        var found = 0;
        var ocean = new Ocean(rules);
        Span<UInt128> fleet = stackalloc UInt128[rules.Fleet.Length];
        var candidates = new List<TargetView>();
        var policy = ShotPolicies.ProbabilityDensity;
        for (ulong game = 0; found < count; game++)
        {
            if (game > 100UL * (ulong)count)
            {
                throw new InvalidOperationException($"Too few games reach the {stage} stage.");
            }
            var rng = Rng.ForStream(seed, game);
            FleetLayout.SampleMasks(rules, ref rng, fleet);
            ocean.Reset(fleet);
            candidates.Clear();
            while (!ocean.AllSunk)
            {
                var view = ocean.View;
                if (IsAt(stage, view))
                {
                    candidates.Add(view);
                }
                ocean.Fire(policy.SelectShot(view, ref rng));
            }
            if (candidates.Count > 0)
            {
                views[found++] = candidates[rng.NextInt(candidates.Count)];
            }
        }
        return views;
    }

    private static bool IsAt(DecisionStage stage, in TargetView view)
    {
        var shots = Bitboard.Count(view.Shots);
        var afloat = (int)uint.PopCount(view.AfloatShips);
        var hunting = view.UnresolvedHits == UInt128.Zero;
        return stage switch
        {
            DecisionStage.EarlyHunt => hunting && shots >= 3 && shots <= 15 && afloat == view.Rules.Fleet.Length,
            DecisionStage.Target => !hunting && afloat >= 3,
            DecisionStage.LateHunt => hunting && afloat <= 2,
            _ => throw new ArgumentOutOfRangeException(nameof(stage)),
        };
    }

    /// <summary>
    /// Throws when <paramref name="run"/> allocates on this thread: a setup checks so that a
    /// benchmark which claims to allocate nothing does not time code that does.
    /// </summary>
    public static void ThrowIfAllocates(string what, Action run)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated != 0)
        {
            throw new InvalidOperationException($"{what} allocated {allocated} bytes.");
        }
    }
}

/// <summary>The points of a game at which a policy's decision is timed.</summary>
public enum DecisionStage
{
    /// <summary>3 to 15 shots fired, no hit yet on a ship still afloat, every ship afloat.</summary>
    EarlyHunt,

    /// <summary>Target mode: at least one hit on a ship not yet sunk, three or more ships afloat.</summary>
    Target,

    /// <summary>Late game: at most two ships afloat and no unresolved hit (hunting the last ships).</summary>
    LateHunt,
}
