using Battleship.Engine;
using BenchmarkDotNet.Attributes;

namespace Battleship.Benchmarks;

/// <summary>
/// Uniform fleet placement alone (rejection sampling): the allocation-free
/// <see cref="FleetLayout.SampleMasks"/> and the validated, allocating
/// <see cref="FleetLayout.Random(GameRules, ref Rng)"/>, under the standard rules and with
/// touching forbidden (where more draws are rejected).
/// </summary>
[MemoryDiagnoser]
public class PlacementBenchmarks
{
    private const int Fleets = 64;

    private GameRules _rules = GameRules.Standard;
    private UInt128[] _fleet = [];
    private Rng _rng;

    /// <summary>Whether ships may touch (the standard rules) or not.</summary>
    [Params(true, false)]
    public bool ShipsMayTouch { get; set; }

    /// <summary>Builds the rules and seeds the generator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rules = ShipsMayTouch ? GameRules.Standard : new GameRules(10, 10, GameRules.StandardFleet, shipsMayTouch: false);
        _fleet = new UInt128[_rules.Fleet.Length];
        _rng = new Rng(Fixtures.Seed);
    }

    /// <summary>One fleet into a reused buffer.</summary>
    [Benchmark(OperationsPerInvoke = Fleets)]
    public UInt128 SampleMasks()
    {
        var all = UInt128.Zero;
        for (var i = 0; i < Fleets; i++)
        {
            FleetLayout.SampleMasks(_rules, ref _rng, _fleet);
            all ^= _fleet[0];
        }
        return all;
    }

    /// <summary>One <see cref="FleetLayout"/> object (placements and masks).</summary>
    [Benchmark(OperationsPerInvoke = Fleets)]
    public UInt128 Random()
    {
        var all = UInt128.Zero;
        for (var i = 0; i < Fleets; i++)
        {
            all ^= FleetLayout.Random(_rules, ref _rng).Occupied;
        }
        return all;
    }
}
