using System.Runtime.CompilerServices;

namespace Battleship.Engine;

/// <summary>
/// A small, fast, deterministic pseudo-random generator (xoshiro256** seeded through SplitMix64).
/// </summary>
/// <remarks>
/// The engine does not use <see cref="Random"/> because its seeded sequence is not a documented
/// contract across .NET versions. This generator is a value type: copy it and both copies produce
/// the same sequence, pass it by <c>ref</c> to advance it. The same seed gives the same sequence
/// on every platform and runtime.
/// </remarks>
public struct Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose whole sequence is determined by <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// A generator for sub-stream <paramref name="stream"/> of <paramref name="seed"/>: used to give
    /// every game of a seeded run its own independent, reproducible sequence, whatever the order in
    /// which the games are played.
    /// </summary>
    public static Rng ForStream(ulong seed, ulong stream)
    {
        var x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        return new Rng(SplitMix64(ref x));
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        // The state is read once into locals and written back once. Updating the fields in place
        // made every step a chain of stores and reloads through memory whenever the generator is
        // reached by ref or lives in a heap object (the usual case), about 2.5 times slower.
        var s0 = _s0;
        var s1 = _s1;
        var s2 = _s2;
        var s3 = _s3;
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        return result;
    }

    /// <summary>A uniformly distributed integer in [0, <paramref name="maxExclusive"/>) (Lemire's unbiased method).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var range = (uint)maxExclusive;
        var product = (ulong)(uint)(NextUInt64() >> 32) * range;
        var low = (uint)product;
        if (low < range)
        {
            var threshold = (0u - range) % range;
            while (low < threshold)
            {
                product = (ulong)(uint)(NextUInt64() >> 32) * range;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>A uniformly distributed double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
