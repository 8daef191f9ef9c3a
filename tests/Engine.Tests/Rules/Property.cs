using CsCheck;

namespace Battleship.Engine.Tests.Rules;

/// <summary>
/// Runs a property over CsCheck-generated cases drawn from a fixed PCG seed, on one thread, so the
/// cases are the same on every run and in CI. (CsCheck's own <c>Sample</c> draws fresh seeds after
/// the first iteration.) A failure names the case number and the generated value.
/// </summary>
internal static class Property
{
    /// <summary><see cref="ForAll{T}"/> over generated triples, each taken apart into the property's parameters.</summary>
    public static void ForAll<T1, T2, T3>(Gen<(T1, T2, T3)> gen, ulong seed, int iterations, Action<T1, T2, T3> property) =>
        ForAll(gen, seed, iterations, c => property(c.Item1, c.Item2, c.Item3));

    public static void ForAll<T>(Gen<T> gen, ulong seed, int iterations, Action<T> property)
    {
        var pcg = new PCG(1, seed);
        for (var i = 0; i < iterations; i++)
        {
            var value = gen.Generate(pcg, null, out _);
            try
            {
                property(value);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Property failed on case {i} (PCG seed {seed}): {value}", e);
            }
        }
    }
}
