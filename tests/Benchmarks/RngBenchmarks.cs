using Battleship.Engine;
using BenchmarkDotNet.Attributes;

namespace Battleship.Benchmarks;

/// <summary>The generator alone: the unit cost under placement and random play.</summary>
[MemoryDiagnoser]
public class RngBenchmarks
{
    private const int Draws = 1024;

    private Rng _rng;

    [GlobalSetup]
    public void Setup() => _rng = new Rng(Fixtures.Seed);

    /// <summary>One <see cref="Rng.NextInt"/> below 100 (a cell of the standard board).</summary>
    [Benchmark(OperationsPerInvoke = Draws)]
    public int NextInt()
    {
        var sum = 0;
        for (var i = 0; i < Draws; i++)
        {
            sum += _rng.NextInt(100);
        }
        return sum;
    }

    /// <summary>One <see cref="Rng.NextUInt64"/>.</summary>
    [Benchmark(OperationsPerInvoke = Draws)]
    public ulong NextUInt64()
    {
        var sum = 0UL;
        for (var i = 0; i < Draws; i++)
        {
            sum += _rng.NextUInt64();
        }
        return sum;
    }
}
