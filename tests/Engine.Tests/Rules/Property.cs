using CsCheck;

namespace Battleship.Engine.Tests.Rules;

/// <summary>
/// Runs a property over CsCheck-generated cases drawn from a fixed PCG seed, on one thread, so the
/// cases are the same on every run and in CI. (CsCheck's own <c>Sample</c> draws fresh seeds after
/// the first iteration.) A failure names the case number and the generated value.
/// </summary>
internal static class Property
{
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
