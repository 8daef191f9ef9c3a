namespace Battleship.Engine.Policies;

/// <summary>
/// Fires at the cell covered by the most placements of the ships still afloat that agree with
/// everything known. A placement agrees when it covers no miss and no cell of a sunk ship (nor,
/// under no-touching rules, a cell next to a sunk ship). While there are unresolved hits (hits on
/// ships not yet sunk), only placements through at least one of them count, weighted by 16 to the
/// power of how many they cover, so the policy finishes off a wounded ship before hunting again. Ties are broken at
/// random. Allocation-free; a decision on the standard board enumerates about 700 placements.
/// </summary>
public sealed class ProbabilityDensityPolicy : IShotPolicy
{
    /// <inheritdoc />
    public string Name => "density";

    /// <inheritdoc />
    public int SelectShot(in TargetView view, ref Rng rng)
    {
        var rules = view.Rules;
        Span<int> counts = stackalloc int[rules.Cells];
        var unshot = view.Unshot;
        var unresolved = view.UnresolvedHits;
        var blocked = view.Misses | (rules.ShipsMayTouch ? view.SunkCells : rules.Halo(view.SunkCells));

        var any = unresolved != UInt128.Zero && Accumulate(view, blocked, unresolved, unshot, counts);
        if (!any)
        {
            any = Accumulate(view, blocked, UInt128.Zero, unshot, counts);
        }
        return any ? ArgMax(counts, unshot, ref rng) : RandomPolicy.PickUniform(unshot, ref rng);
    }

    /// <summary>
    /// The chance that each cell holds a ship, as this policy sees the position in
    /// <paramref name="view"/> (what the shooter knows, nothing else), written to the first
    /// <see cref="GameRules.Cells"/> entries of <paramref name="probabilities"/>; 0 for cells fired
    /// at. Two regimes, as in <see cref="SelectShot"/>:
    /// <list type="bullet">
    /// <item>While there are unresolved hits: the policy's targeting weights (placements through at
    /// least one of them, 16 to the power of how many), normalised by their total: the chance that
    /// the wounded ship lies on the cell. The highest cell is the one the policy fires at (up to its
    /// random tie-break); other ships still hidden elsewhere are not counted.</item>
    /// <item>Otherwise: for each ship afloat, the fraction of its agreeing placements that cover the
    /// cell, summed over the ships and capped at 1. Ships never overlap, so the events "ship i is on
    /// the cell" are disjoint and the sum would be exact for the true joint distribution; the
    /// approximation is that each ship's placements are counted as if the others did not exist.
    /// The policy fires at the cell of most placements over all ships, which is usually but not
    /// always the most likely cell here.</item>
    /// </list>
    /// When no placement agrees with what is known, the ship cells still to find are spread evenly
    /// over the open cells.
    /// </summary>
    public static void HitProbabilities(in TargetView view, Span<float> probabilities)
    {
        var rules = view.Rules;
        if (probabilities.Length < rules.Cells)
        {
            throw new ArgumentException($"Room for {rules.Cells} probabilities is needed.", nameof(probabilities));
        }
        var cells = rules.Cells;
        probabilities[..cells].Clear();
        Span<double> sums = stackalloc double[cells];
        var unshot = view.Unshot;
        var unresolved = view.UnresolvedHits;
        var blocked = view.Misses | (rules.ShipsMayTouch ? view.SunkCells : rules.Halo(view.SunkCells));

        if (unresolved != UInt128.Zero && TargetingDensity(view, blocked, unresolved, unshot, sums))
        {
            Write(sums, unshot, probabilities);
            return;
        }
        sums.Clear();
        if (HuntingDensity(view, blocked, unshot, sums))
        {
            Write(sums, unshot, probabilities);
            return;
        }
        var open = Bitboard.Count(unshot);
        if (open == 0)
        {
            return;
        }
        var toFind = -Bitboard.Count(unresolved);
        for (var i = 0; i < rules.Fleet.Length; i++)
        {
            toFind += view.IsAfloat(i) ? rules.Fleet[i].Length : 0;
        }
        var even = Math.Clamp((float)toFind / open, 0f, 1f);
        for (var free = unshot; free != UInt128.Zero; free &= free - UInt128.One)
        {
            probabilities[Bitboard.First(free)] = even;
        }
    }

    /// <summary>The targeting weights of the cells, normalised by the total weight of the placements counted; false when none counts.</summary>
    private static bool TargetingDensity(in TargetView view, UInt128 blocked, UInt128 unresolved, UInt128 unshot, Span<double> sums)
    {
        var rules = view.Rules;
        var total = 0.0;
        for (var i = 0; i < rules.Fleet.Length; i++)
        {
            if (!view.IsAfloat(i))
            {
                continue;
            }
            foreach (var mask in rules.PlacementsOfLength(rules.Fleet[i].Length).Masks)
            {
                var covered = Bitboard.Count(mask & unresolved);
                if ((mask & blocked) != UInt128.Zero || covered == 0)
                {
                    continue;
                }
                var weight = (double)(1 << (4 * covered));
                total += weight;
                for (var free = mask & unshot; free != UInt128.Zero; free &= free - UInt128.One)
                {
                    sums[Bitboard.First(free)] += weight;
                }
            }
        }
        if (total == 0)
        {
            return false;
        }
        for (var c = 0; c < sums.Length; c++)
        {
            sums[c] /= total;
        }
        return true;
    }

    /// <summary>Each afloat ship's share of agreeing placements over the cell, summed over the ships; false when no ship has one.</summary>
    private static bool HuntingDensity(in TargetView view, UInt128 blocked, UInt128 unshot, Span<double> sums)
    {
        var rules = view.Rules;
        var any = false;
        for (var i = 0; i < rules.Fleet.Length; i++)
        {
            if (!view.IsAfloat(i))
            {
                continue;
            }
            var masks = rules.PlacementsOfLength(rules.Fleet[i].Length).Masks;
            var agreeing = 0;
            foreach (var mask in masks)
            {
                agreeing += (mask & blocked) == UInt128.Zero ? 1 : 0;
            }
            if (agreeing == 0)
            {
                continue;
            }
            any = true;
            var share = 1.0 / agreeing;
            foreach (var mask in masks)
            {
                if ((mask & blocked) != UInt128.Zero)
                {
                    continue;
                }
                for (var free = mask & unshot; free != UInt128.Zero; free &= free - UInt128.One)
                {
                    sums[Bitboard.First(free)] += share;
                }
            }
        }
        return any;
    }

    private static void Write(ReadOnlySpan<double> sums, UInt128 unshot, Span<float> probabilities)
    {
        for (var free = unshot; free != UInt128.Zero; free &= free - UInt128.One)
        {
            var cell = Bitboard.First(free);
            probabilities[cell] = (float)Math.Min(1.0, sums[cell]);
        }
    }

    /// <summary>
    /// Adds each agreeing placement's weight to its unfired cells. With <paramref name="mustCover"/>
    /// non-empty, a placement counts only if it covers some of those cells, with weight equal to
    /// how many. Returns whether any placement counted.
    /// </summary>
    internal static bool Accumulate(in TargetView view, UInt128 blocked, UInt128 mustCover, UInt128 unshot, Span<int> counts)
    {
        var rules = view.Rules;
        var fleet = rules.Fleet;
        var any = false;
        for (var i = 0; i < fleet.Length; i++)
        {
            if (!view.IsAfloat(i))
            {
                continue;
            }
            var masks = rules.PlacementsOfLength(fleet[i].Length).Masks;
            foreach (var mask in masks)
            {
                if ((mask & blocked) != UInt128.Zero)
                {
                    continue;
                }
                var weight = 1;
                if (mustCover != UInt128.Zero)
                {
                    var covered = Bitboard.Count(mask & mustCover);
                    if (covered == 0)
                    {
                        continue;
                    }
                    // 16^covered: a placement through two hits is far likelier than one through one
                    // (measured: 44.7 mean shots against 45.0 with linear weights). At most 16^5 per
                    // placement, so a cell's total stays far below int.MaxValue.
                    weight = 1 << (4 * covered);
                }
                for (var free = mask & unshot; free != UInt128.Zero; free &= free - UInt128.One)
                {
                    counts[Bitboard.First(free)] += weight;
                    any = true;
                }
            }
        }
        return any;
    }

    /// <summary>The unfired cell with the highest count, ties broken uniformly; a uniformly random unfired cell when every count is zero.</summary>
    internal static int ArgMax(ReadOnlySpan<int> counts, UInt128 unshot, ref Rng rng)
    {
        var best = -1;
        var bestCount = 0;
        var ties = 0;
        for (var free = unshot; free != UInt128.Zero; free &= free - UInt128.One)
        {
            var cell = Bitboard.First(free);
            var count = counts[cell];
            if (count > bestCount)
            {
                best = cell;
                bestCount = count;
                ties = 1;
            }
            else if (count == bestCount && count > 0 && rng.NextInt(++ties) == 0)
            {
                best = cell; // reservoir sampling: each tied cell is kept with equal probability
            }
        }
        return best >= 0 ? best : RandomPolicy.PickUniform(unshot, ref rng);
    }
}
