using Battleship.Engine;
using BenchmarkDotNet.Attributes;

namespace Battleship.Benchmarks;

/// <summary>
/// The engine's raw firing speed: <see cref="Ocean.TryFire"/> over precomputed shot sequences, so
/// that nothing but the engine is timed (no policy, no random numbers).
/// </summary>
/// <remarks>
/// One invocation plays 64 seeded fleets, each reset on the same <see cref="Ocean"/> and then fired
/// at in a seeded random order of all 100 cells (arranged so that the 100th shot is the win, so
/// every shot is accepted: 83 misses, 17 hits of which 5 sink). <see cref="TryFire"/> is per shot
/// with the 64 resets amortised over the 6,400 shots; <see cref="Reset"/> times a reset alone.
/// </remarks>
[MemoryDiagnoser]
public class OceanBenchmarks
{
    private const int Games = 64;
    private const int Cells = 100;

    private readonly GameRules _rules = GameRules.Standard;
    private UInt128[] _fleets = [];
    private int[] _shots = [];
    private Ocean _ocean = null!;

    /// <summary>Builds the fleets and shot sequences and checks that every shot is accepted.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (_rules.Cells != Cells)
        {
            throw new InvalidOperationException("OperationsPerInvoke assumes the standard 100-cell board.");
        }
        _fleets = Fixtures.Fleets(_rules, Games, Fixtures.Seed);
        _shots = Fixtures.ShotSequences(_rules, _fleets, Fixtures.Seed + 1);
        _ocean = new Ocean(_rules);
        var wins = 0;
        var fleetLength = _rules.Fleet.Length;
        for (var g = 0; g < Games; g++)
        {
            _ocean.Reset(_fleets.AsSpan(g * fleetLength, fleetLength));
            foreach (var cell in _shots.AsSpan(g * Cells, Cells))
            {
                if (_ocean.TryFire(cell, out var result) != MoveError.None)
                {
                    throw new InvalidOperationException($"Fixture shot at {cell} was refused.");
                }
                wins += result.Outcome == ShotOutcome.Win ? 1 : 0;
            }
        }
        if (wins != Games)
        {
            throw new InvalidOperationException("Every fixture sequence must end in exactly one win.");
        }
    }

    /// <summary>One accepted shot (resets amortised: one per 100 shots).</summary>
    [Benchmark(OperationsPerInvoke = Games * Cells)]
    public int TryFire()
    {
        var ocean = _ocean;
        var fleets = _fleets;
        var shots = _shots;
        var fleetLength = _rules.Fleet.Length;
        var sum = 0;
        for (var g = 0; g < Games; g++)
        {
            ocean.Reset(fleets.AsSpan(g * fleetLength, fleetLength));
            foreach (var cell in shots.AsSpan(g * Cells, Cells))
            {
                ocean.TryFire(cell, out var result);
                sum += (int)result.Outcome;
            }
        }
        return sum;
    }

    /// <summary>One <see cref="Ocean.Reset(ReadOnlySpan{UInt128})"/> with a new fleet.</summary>
    [Benchmark(OperationsPerInvoke = Games)]
    public uint Reset()
    {
        var ocean = _ocean;
        var fleets = _fleets;
        var fleetLength = _rules.Fleet.Length;
        var afloat = 0u;
        for (var g = 0; g < Games; g++)
        {
            ocean.Reset(fleets.AsSpan(g * fleetLength, fleetLength));
            afloat += ocean.AfloatShips;
        }
        return afloat;
    }
}
