using System.Collections.Immutable;

namespace Battleship.Engine;

/// <summary>Where one ship lies: its type, its origin (top-left cell) and its orientation.</summary>
/// <param name="Ship">The ship's type; its length comes from the rules' fleet.</param>
/// <param name="Row">Origin row (0-based).</param>
/// <param name="Column">Origin column (0-based).</param>
/// <param name="Orientation">Whether the ship runs right or down from its origin.</param>
public readonly record struct ShipPlacement(
    ShipType Ship,
    int Row,
    int Column,
    Orientation Orientation
);

/// <summary>Why a fleet layout was refused.</summary>
public enum PlacementError
{
    /// <summary>A ship leaves the board.</summary>
    OutOfBounds,

    /// <summary>Two ships share a cell.</summary>
    Overlap,

    /// <summary>The ships are not exactly the rules' fleet (one missing, repeated or unknown).</summary>
    WrongFleet,

    /// <summary>Two ships touch while the rules forbid it.</summary>
    Adjacent,
}

/// <summary>A refused layout: the error, the ship it concerns (when one does) and a readable message.</summary>
public sealed record PlacementProblem(PlacementError Error, ShipType? Ship, string Message);

/// <summary>Thrown when a fleet layout breaks the rules; nothing was placed.</summary>
public sealed class InvalidPlacementException : Exception
{
    /// <summary>Creates the exception for <paramref name="problem"/>.</summary>
    public InvalidPlacementException(PlacementProblem problem)
        : base(problem?.Message)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
    }

    /// <summary>What was wrong.</summary>
    public PlacementProblem Problem { get; }

    /// <summary>Shorthand for <c>Problem.Error</c>.</summary>
    public PlacementError Error => Problem.Error;
}

/// <summary>
/// A valid placement of a whole fleet under some <see cref="GameRules"/>. Instances exist only for
/// layouts that passed validation, so code that holds one never checks it again.
/// </summary>
public sealed class FleetLayout
{
    private readonly UInt128[] _masks;

    private FleetLayout(GameRules rules, ImmutableArray<ShipPlacement> placements, UInt128[] masks)
    {
        Rules = rules;
        Placements = placements;
        _masks = masks;
        foreach (var mask in masks)
        {
            Occupied |= mask;
        }
    }

    /// <summary>The rules the layout was validated against.</summary>
    public GameRules Rules { get; }

    /// <summary>One placement per ship, in fleet order.</summary>
    public ImmutableArray<ShipPlacement> Placements { get; }

    /// <summary>Every cell covered by a ship.</summary>
    public UInt128 Occupied { get; }

    /// <summary>The cells of the ship at <paramref name="fleetIndex"/>.</summary>
    public UInt128 ShipMask(int fleetIndex) => _masks[fleetIndex];

    /// <summary>The cells of every ship, in fleet order.</summary>
    public ReadOnlySpan<UInt128> ShipMasks => _masks;

    /// <summary>Validates <paramref name="placements"/> (in any order) and returns the layout; throws <see cref="InvalidPlacementException"/> if they break the rules.</summary>
    public static FleetLayout Create(GameRules rules, IEnumerable<ShipPlacement> placements)
    {
        if (!TryCreate(rules, placements, out var layout, out var problem))
        {
            throw new InvalidPlacementException(problem);
        }
        return layout;
    }

    /// <summary>Validates <paramref name="placements"/> (in any order); on failure <paramref name="problem"/> tells the first rule broken.</summary>
    public static bool TryCreate(
        GameRules rules,
        IEnumerable<ShipPlacement> placements,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FleetLayout? layout,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out PlacementProblem? problem
    )
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(placements);
        layout = null;
        var ordered = new ShipPlacement[rules.Fleet.Length];
        var seen = new bool[rules.Fleet.Length];
        foreach (var placement in placements)
        {
            var index = rules.FleetIndexOf(placement.Ship);
            if (index < 0)
            {
                problem = new(
                    PlacementError.WrongFleet,
                    placement.Ship,
                    $"The fleet has no {placement.Ship}."
                );
                return false;
            }
            if (seen[index])
            {
                problem = new(
                    PlacementError.WrongFleet,
                    placement.Ship,
                    $"{placement.Ship} is placed more than once."
                );
                return false;
            }
            seen[index] = true;
            ordered[index] = placement;
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0)
        {
            var ship = rules.Fleet[missing].Type;
            problem = new(PlacementError.WrongFleet, ship, $"{ship} is missing.");
            return false;
        }

        var masks = new UInt128[ordered.Length];
        var occupied = UInt128.Zero;
        var halos = UInt128.Zero;
        for (var i = 0; i < ordered.Length; i++)
        {
            var p = ordered[i];
            if (!Enum.IsDefined(p.Orientation))
            {
                problem = new(
                    PlacementError.OutOfBounds,
                    p.Ship,
                    $"{p.Ship} has no valid orientation."
                );
                return false;
            }
            var mask = rules.ShipMask(p.Row, p.Column, p.Orientation, rules.Fleet[i].Length);
            if (mask == UInt128.Zero)
            {
                problem = new(
                    PlacementError.OutOfBounds,
                    p.Ship,
                    $"{p.Ship} at row {p.Row}, column {p.Column}, {p.Orientation}, leaves the {rules.Rows}×{rules.Columns} board."
                );
                return false;
            }
            masks[i] = mask;
        }
        for (var i = 0; i < ordered.Length; i++)
        {
            if ((occupied & masks[i]) != UInt128.Zero)
            {
                var other = ordered[
                    Array.FindIndex(masks, 0, i, m => (m & masks[i]) != UInt128.Zero)
                ].Ship;
                problem = new(
                    PlacementError.Overlap,
                    ordered[i].Ship,
                    $"{ordered[i].Ship} overlaps {other}."
                );
                return false;
            }
            if (!rules.ShipsMayTouch && (halos & masks[i]) != UInt128.Zero)
            {
                var other = ordered[
                    Array.FindIndex(masks, 0, i, m => (rules.Halo(m) & masks[i]) != UInt128.Zero)
                ].Ship;
                problem = new(
                    PlacementError.Adjacent,
                    ordered[i].Ship,
                    $"{ordered[i].Ship} touches {other}, and these rules forbid touching ships."
                );
                return false;
            }
            occupied |= masks[i];
            halos |= rules.Halo(masks[i]);
        }

        layout = new FleetLayout(rules, [.. ordered], masks);
        problem = null;
        return true;
    }

    /// <summary>
    /// A layout drawn uniformly at random from every valid layout of the fleet, by rejection
    /// sampling: each ship takes a position uniformly from all its on-board positions, and the
    /// whole draw starts again when any two ships overlap (or touch, when forbidden). Every valid
    /// layout is therefore equally likely, unlike greedy ship-by-ship placement.
    /// </summary>
    public static FleetLayout Random(GameRules rules, ref Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Span<int> positions = stackalloc int[rules.Fleet.Length];
        SamplePositions(rules, ref rng, positions);
        var masks = new UInt128[positions.Length];
        var placements = new ShipPlacement[positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            var table = rules.PlacementsOfLength(rules.Fleet[i].Length);
            masks[i] = table.Masks[positions[i]];
            var (row, column, orientation) = table.Origins[positions[i]];
            placements[i] = new ShipPlacement(rules.Fleet[i].Type, row, column, orientation);
        }
        return new FleetLayout(rules, [.. placements], masks);
    }

    /// <summary>A layout drawn uniformly at random for <paramref name="seed"/>.</summary>
    public static FleetLayout Random(GameRules rules, ulong seed)
    {
        var rng = new Rng(seed);
        return Random(rules, ref rng);
    }

    /// <summary>
    /// The allocation-free core of <see cref="Random(GameRules, ref Rng)"/>: writes the cells of
    /// each ship, in fleet order, into <paramref name="masks"/>.
    /// </summary>
    public static void SampleMasks(GameRules rules, ref Rng rng, Span<UInt128> masks)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Span<int> positions = stackalloc int[rules.Fleet.Length];
        SamplePositions(rules, ref rng, positions);
        for (var i = 0; i < positions.Length; i++)
        {
            masks[i] = rules.PlacementsOfLength(rules.Fleet[i].Length).Masks[positions[i]];
        }
    }

    /// <summary>The most whole draws tried before the fleet is declared impossible to place.</summary>
    internal const int MaxAttempts = 10_000_000;

    private static void SamplePositions(GameRules rules, ref Rng rng, Span<int> positions)
    {
        var fleet = rules.Fleet;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var occupied = UInt128.Zero;
            var blocked = UInt128.Zero; // occupied, or for no-touching rules occupied plus halo
            var ok = true;
            for (var i = 0; i < fleet.Length; i++)
            {
                var table = rules.PlacementsOfLength(fleet[i].Length);
                var j = rng.NextInt(table.Masks.Length);
                var mask = table.Masks[j];
                if ((blocked & mask) != UInt128.Zero)
                {
                    ok = false;
                    break;
                }
                positions[i] = j;
                occupied |= mask;
                blocked = rules.ShipsMayTouch ? occupied : blocked | table.Halos[j];
            }
            if (ok)
            {
                return;
            }
        }
        throw new InvalidOperationException(
            $"No valid layout of the fleet was found in {MaxAttempts} draws under {rules}."
        );
    }
}
