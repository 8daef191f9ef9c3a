using System.Buffers;

namespace Battleship.Engine.Policies;

/// <summary>
/// Fires at the unfired cell most often occupied across whole fleets sampled uniformly from every
/// fleet consistent with what is known: the joint posterior of the hidden ships, where
/// <see cref="ProbabilityDensityPolicy"/> counts each ship's placements on its own.
/// </summary>
/// <remarks>
/// <para>
/// <b>What "consistent" means.</b> A sample places every ship still afloat exactly once, on cells
/// that are not misses and not cells of a sunk ship (nor, when ships may not touch, next to one);
/// no two of them overlap (nor touch, under no-touching rules); each has at least one cell not
/// fired at (a ship whose cells were all hit would have been announced sunk); and together they
/// cover every unresolved hit. Sunk ships are fixed on their announced cells, never sampled. Fleets
/// are placed uniformly at random at the start of a game, and what the shooter sees is a function
/// of the fleet and of shots chosen from earlier observations, so the posterior given the view is
/// exactly the uniform distribution over these consistent fleets.
/// </para>
/// <para>
/// <b>How the sampler is exact.</b> It is rejection sampling from a proposal that is constant on
/// consistent fleets. In a consistent fleet each unresolved hit is covered by exactly one ship
/// (ships do not overlap), so every consistent fleet has one <i>assignment</i> of hits to ships.
/// Before sampling, every assignment that some placements could satisfy is enumerated; ship
/// <c>i</c> with the set of hits <c>G</c> has <c>n(i, G)</c> legal placements containing
/// <c>G</c> out of <c>n(i)</c> legal placements, and the assignment gets the weight
/// <c>∏ n(i, G) / n(i)</c> over its covering ships. A proposal draws an assignment in proportion
/// to its weight, then each covering ship uniformly among its placements containing its hits,
/// then each other ship uniformly among all its legal placements; it is accepted when no two
/// ships overlap (or touch). A consistent fleet can only be drawn through its own assignment,
/// with probability <c>(∏ 1/n(i)) / W</c> over every afloat ship, <c>W</c> the total weight:
/// the same for every consistent fleet, so accepted fleets are independent and exactly uniform.
/// Unlike independent placement with rejection, no proposal is wasted on a fleet that leaves a
/// hit uncovered, so the acceptance rate stays near the rate of drawing a non-overlapping fleet
/// at all. (The tests compare the cell frequencies with exact enumeration on small boards.)
/// </para>
/// <para>
/// <b>Budgets.</b> A decision stops after <see cref="Samples"/> accepted fleets, after
/// <see cref="MaxAttemptsPerSample"/> proposals per requested fleet (a bound on the work in
/// crowded positions where few proposals are accepted), or when <see cref="TimeBudget"/> has
/// elapsed (checked every 64 proposals on the injected <see cref="TimeProvider"/>). Without a
/// time budget a decision depends only on the view and the generator: the same view and
/// generator state give the same shot. With one, how many fleets are drawn depends on the
/// machine. When no consistent fleet is found (a contradictory view, a budget that ran out
/// first, or more than <see cref="MaxAssignments"/> assignments of hits to ships), the decision
/// falls back to <see cref="ProbabilityDensityPolicy"/>.
/// </para>
/// <para>
/// Stateless between calls, so one instance serves any number of games and threads. Buffers come
/// from <see cref="ArrayPool{T}.Shared"/> and the stack; a decision allocates nothing once the
/// pool is warm.
/// </para>
/// </remarks>
public sealed class PosteriorPolicy : IShotPolicy
{
    /// <summary>Fleets sampled per decision unless told otherwise.</summary>
    public const int DefaultSamples = 1_000;

    /// <summary>Proposals allowed per requested fleet before a decision settles for the fleets it has.</summary>
    public const int MaxAttemptsPerSample = 200;

    /// <summary>The most assignments of unresolved hits to ships enumerated; beyond it the decision falls back.</summary>
    public const int MaxAssignments = 4_096;

    private const int ClockInterval = 64;
    private const int MaxEnumerationNodes = 1 << 16;

    private static readonly ProbabilityDensityPolicy Fallback = new();

    private readonly TimeProvider _time;

    /// <summary>Creates the policy.</summary>
    /// <param name="samples">The most fleets sampled per decision (1 or more).</param>
    /// <param name="timeBudget">The most time one decision may spend sampling; null for no limit (decisions then depend only on the view and the generator).</param>
    /// <param name="timeProvider">The clock of the time budget; the system clock by default.</param>
    public PosteriorPolicy(int samples = DefaultSamples, TimeSpan? timeBudget = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (timeBudget is { } budget)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero, nameof(timeBudget));
        }
        Samples = samples;
        TimeBudget = timeBudget;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => "posterior";

    /// <summary>The most fleets sampled per decision.</summary>
    public int Samples { get; }

    /// <summary>The most time one decision may spend sampling, or null for no limit.</summary>
    public TimeSpan? TimeBudget { get; }

    /// <inheritdoc />
    public int SelectShot(in TargetView view, ref Rng rng)
    {
        Span<int> counts = stackalloc int[view.Rules.Cells];
        return Sample(view, ref rng, counts) > 0
            ? ProbabilityDensityPolicy.ArgMax(counts, view.Unshot, ref rng)
            : Fallback.SelectShot(view, ref rng);
    }

    /// <summary>
    /// The posterior probability that each cell holds a ship still afloat, estimated from the
    /// sampled fleets: cell <c>i</c>'s probability goes to <c>probabilities[i]</c>, 0 for every cell
    /// already fired at. Returns the number of fleets sampled; 0 means that none was found within
    /// the budgets, and every probability is then 0.
    /// </summary>
    /// <param name="view">What the shooter knows.</param>
    /// <param name="rng">The generator of the sampler; advanced.</param>
    /// <param name="probabilities">At least <see cref="GameRules.Cells"/> entries.</param>
    public int HitProbabilities(in TargetView view, ref Rng rng, Span<float> probabilities)
    {
        var cells = view.Rules.Cells;
        ArgumentOutOfRangeException.ThrowIfLessThan(probabilities.Length, cells, nameof(probabilities));
        Span<int> counts = stackalloc int[cells];
        var samples = Sample(view, ref rng, counts);
        for (var cell = 0; cell < cells; cell++)
        {
            probabilities[cell] = samples == 0 ? 0f : (float)((double)counts[cell] / samples);
        }
        return samples;
    }

    /// <summary>
    /// Samples consistent fleets and adds one to <paramref name="counts"/> at every unfired cell of
    /// each; returns how many fleets were sampled (0 when none was found).
    /// </summary>
    private int Sample(in TargetView view, ref Rng rng, Span<int> counts)
    {
        counts.Clear();
        var rules = view.Rules;
        var fleet = rules.Fleet;

        // The ships afloat, longest first: long ships are the likeliest to collide, so a doomed
        // proposal is abandoned early.
        Span<int> ships = stackalloc int[fleet.Length];
        var shipCount = 0;
        for (var i = 0; i < fleet.Length; i++)
        {
            if (!view.IsAfloat(i))
            {
                continue;
            }
            var at = shipCount++;
            while (at > 0 && fleet[ships[at - 1]].Length < fleet[i].Length)
            {
                ships[at] = ships[at - 1];
                at--;
            }
            ships[at] = i;
        }
        if (shipCount == 0)
        {
            return 0;
        }
        ships = ships[..shipCount];

        var capacity = 0;
        foreach (var ship in ships)
        {
            capacity += rules.PlacementsOfLength(fleet[ship].Length).Masks.Length;
        }
        var maskBuffer = ArrayPool<UInt128>.Shared.Rent(capacity);
        var haloBuffer = rules.ShipsMayTouch ? null : ArrayPool<UInt128>.Shared.Rent(capacity);
        var groupBuffer = ArrayPool<UInt128>.Shared.Rent(MaxAssignments * shipCount);
        var groupCountBuffer = ArrayPool<int>.Shared.Rent(MaxAssignments * shipCount);
        var cumulativeBuffer = ArrayPool<double>.Shared.Rent(MaxAssignments);
        try
        {
            Span<int> starts = stackalloc int[shipCount + 1];
            var placements = new Placements(maskBuffer, haloBuffer, starts);
            if (!placements.Fill(view, ships))
            {
                return 0;
            }
            var assignments = new Assignments(
                groupBuffer.AsSpan(0, MaxAssignments * shipCount),
                groupCountBuffer.AsSpan(0, MaxAssignments * shipCount),
                cumulativeBuffer.AsSpan(0, MaxAssignments),
                shipCount
            );
            Span<int> hitCells = stackalloc int[Bitboard.MaxCells];
            var hits = hitCells[..Bitboard.CopyCells(view.UnresolvedHits, hitCells)];
            if (!assignments.Enumerate(placements, hits))
            {
                return 0;
            }
            return Draw(placements, assignments, view.Unshot, rules.ShipsMayTouch, ref rng, counts);
        }
        finally
        {
            ArrayPool<UInt128>.Shared.Return(maskBuffer);
            if (haloBuffer is not null)
            {
                ArrayPool<UInt128>.Shared.Return(haloBuffer);
            }
            ArrayPool<UInt128>.Shared.Return(groupBuffer);
            ArrayPool<int>.Shared.Return(groupCountBuffer);
            ArrayPool<double>.Shared.Return(cumulativeBuffer);
        }
    }

    /// <summary>The rejection-sampling loop: proposals until the sample, attempt or time budget is spent.</summary>
    private int Draw(
        in Placements placements,
        in Assignments assignments,
        UInt128 unshot,
        bool shipsMayTouch,
        ref Rng rng,
        Span<int> counts
    )
    {
        var shipCount = placements.ShipCount;
        var maxAttempts = (long)Samples * MaxAttemptsPerSample;
        var started = TimeBudget is null ? 0 : _time.GetTimestamp();
        var accepted = 0;
        for (var attempt = 0L; accepted < Samples && attempt < maxAttempts; attempt++)
        {
            if (TimeBudget is { } budget && attempt % ClockInterval == ClockInterval - 1 && _time.GetElapsedTime(started) >= budget)
            {
                break;
            }
            var assignment = assignments.Pick(ref rng);
            var groups = assignments.Groups(assignment);
            var groupCounts = assignments.GroupCounts(assignment);
            var occupied = UInt128.Zero;
            var forbidden = UInt128.Zero; // occupied cells, plus their halos under no-touching rules
            var ok = true;
            // Ships covering hits first (their placements are the constrained ones), then the rest.
            for (var pass = 0; pass < 2 && ok; pass++)
            {
                for (var k = 0; k < shipCount; k++)
                {
                    var group = groups[k];
                    if ((group != UInt128.Zero) != (pass == 0))
                    {
                        continue;
                    }
                    var index =
                        group == UInt128.Zero
                            ? rng.NextInt(placements.Count(k))
                            : placements.NthContaining(k, group, rng.NextInt(groupCounts[k]));
                    var mask = placements.Mask(k, index);
                    if ((mask & forbidden) != UInt128.Zero)
                    {
                        ok = false;
                        break;
                    }
                    occupied |= mask;
                    forbidden |= shipsMayTouch ? mask : placements.Halo(k, index);
                }
            }
            if (!ok)
            {
                continue;
            }
            accepted++;
            for (var free = occupied & unshot; free != UInt128.Zero; free &= free - UInt128.One)
            {
                counts[Bitboard.First(free)]++;
            }
        }
        return accepted;
    }

    /// <summary>The legal placements of each afloat ship (cells and, under no-touching rules, halos), packed one ship after another.</summary>
    private readonly ref struct Placements
    {
        private readonly UInt128[] _masks;
        private readonly UInt128[]? _halos;
        private readonly Span<int> _starts;

        /// <param name="masks">Room for every placement of every afloat ship.</param>
        /// <param name="halos">As much room, under no-touching rules; null otherwise.</param>
        /// <param name="starts">One entry per afloat ship, plus one.</param>
        public Placements(UInt128[] masks, UInt128[]? halos, Span<int> starts)
        {
            _masks = masks;
            _halos = halos;
            _starts = starts;
            ShipCount = starts.Length - 1;
        }

        public int ShipCount { get; }

        /// <summary>Keeps each placement that avoids every miss and sunk ship (and its halo) and has a cell not fired at; false when some ship has none.</summary>
        public bool Fill(in TargetView view, ReadOnlySpan<int> ships)
        {
            var rules = view.Rules;
            var unshot = view.Unshot;
            var blocked = view.Misses | (rules.ShipsMayTouch ? view.SunkCells : rules.Halo(view.SunkCells));
            var n = 0;
            for (var k = 0; k < ships.Length; k++)
            {
                _starts[k] = n;
                var table = rules.PlacementsOfLength(rules.Fleet[ships[k]].Length);
                for (var j = 0; j < table.Masks.Length; j++)
                {
                    var mask = table.Masks[j];
                    if ((mask & blocked) != UInt128.Zero || (mask & unshot) == UInt128.Zero)
                    {
                        continue;
                    }
                    _masks[n] = mask;
                    if (_halos is not null)
                    {
                        _halos[n] = table.Halos[j];
                    }
                    n++;
                }
                if (n == _starts[k])
                {
                    return false;
                }
            }
            _starts[ships.Length] = n;
            return true;
        }

        public int Count(int ship) => _starts[ship + 1] - _starts[ship];

        public UInt128 Mask(int ship, int index) => _masks[_starts[ship] + index];

        public UInt128 Halo(int ship, int index) => _halos![_starts[ship] + index];

        /// <summary>How many placements of <paramref name="ship"/> contain every cell of <paramref name="cells"/>.</summary>
        public int CountContaining(int ship, UInt128 cells)
        {
            var count = 0;
            foreach (var mask in _masks.AsSpan(_starts[ship], Count(ship)))
            {
                count += (mask & cells) == cells ? 1 : 0;
            }
            return count;
        }

        /// <summary>The index of the <paramref name="n"/>-th (0-based) placement of <paramref name="ship"/> containing every cell of <paramref name="cells"/>.</summary>
        public int NthContaining(int ship, UInt128 cells, int n)
        {
            var masks = _masks.AsSpan(_starts[ship], Count(ship));
            for (var j = 0; j < masks.Length; j++)
            {
                if ((masks[j] & cells) == cells && n-- == 0)
                {
                    return j;
                }
            }
            throw new InvalidOperationException("Fewer placements contain the cells than were counted.");
        }
    }

    /// <summary>
    /// Every assignment of the unresolved hits to afloat ships that placements can satisfy: per
    /// assignment, each ship's group of hits, how many of its placements contain the group, and
    /// the running total of the weights.
    /// </summary>
    private ref struct Assignments
    {
        private readonly Span<UInt128> _groups;
        private readonly Span<int> _groupCounts;
        private readonly Span<double> _cumulative;
        private readonly int _shipCount;
        private int _count;
        private int _nodes;

        public Assignments(Span<UInt128> groups, Span<int> groupCounts, Span<double> cumulative, int shipCount)
        {
            _groups = groups;
            _groupCounts = groupCounts;
            _cumulative = cumulative;
            _shipCount = shipCount;
        }

        public readonly ReadOnlySpan<UInt128> Groups(int assignment) => _groups.Slice(assignment * _shipCount, _shipCount);

        public readonly ReadOnlySpan<int> GroupCounts(int assignment) => _groupCounts.Slice(assignment * _shipCount, _shipCount);

        /// <summary>Enumerates the assignments; false when there is none or too many.</summary>
        public bool Enumerate(scoped Placements placements, scoped ReadOnlySpan<int> hits)
        {
            Span<UInt128> groups = stackalloc UInt128[_shipCount];
            Span<int> groupCounts = stackalloc int[_shipCount];
            groups.Clear();
            groupCounts.Clear();
            _count = 0;
            _nodes = 0;
            return Assign(placements, hits, groups, groupCounts) && _count > 0;
        }

        /// <summary>An assignment drawn in proportion to its weight.</summary>
        public readonly int Pick(ref Rng rng)
        {
            if (_count == 1)
            {
                return 0;
            }
            var target = rng.NextDouble() * _cumulative[_count - 1];
            var (low, high) = (0, _count - 1);
            while (low < high)
            {
                var mid = (low + high) >> 1;
                if (_cumulative[mid] > target)
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }
            return low;
        }

        /// <summary>Gives the first hit of <paramref name="hits"/> to each ship in turn and recurses; false when a limit was passed.</summary>
        private bool Assign(
            scoped Placements placements,
            scoped ReadOnlySpan<int> hits,
            scoped Span<UInt128> groups,
            scoped Span<int> groupCounts
        )
        {
            if (++_nodes > MaxEnumerationNodes)
            {
                return false;
            }
            if (hits.IsEmpty)
            {
                return Record(placements, groups, groupCounts);
            }
            var hit = Bitboard.Bit(hits[0]);
            for (var k = 0; k < _shipCount; k++)
            {
                var (group, count) = (groups[k], groupCounts[k]);
                var grown = group | hit;
                var grownCount = placements.CountContaining(k, grown);
                if (grownCount == 0)
                {
                    continue;
                }
                (groups[k], groupCounts[k]) = (grown, grownCount);
                var ok = Assign(placements, hits[1..], groups, groupCounts);
                (groups[k], groupCounts[k]) = (group, count);
                if (!ok)
                {
                    return false;
                }
            }
            return true;
        }

        private bool Record(scoped Placements placements, scoped ReadOnlySpan<UInt128> groups, scoped ReadOnlySpan<int> groupCounts)
        {
            if (_count == MaxAssignments)
            {
                return false;
            }
            var weight = 1.0;
            for (var k = 0; k < _shipCount; k++)
            {
                if (groups[k] != UInt128.Zero)
                {
                    weight *= (double)groupCounts[k] / placements.Count(k);
                }
            }
            groups.CopyTo(_groups.Slice(_count * _shipCount, _shipCount));
            groupCounts.CopyTo(_groupCounts.Slice(_count * _shipCount, _shipCount));
            _cumulative[_count] = (_count == 0 ? 0 : _cumulative[_count - 1]) + weight;
            _count++;
            return true;
        }
    }
}
