namespace Battleship.Engine.Tests.Rules;

/// <summary>Pearson's chi-square goodness-of-fit test, with the critical value computed here.</summary>
internal static class ChiSquare
{
    /// <summary>The standard normal quantile of 0.999: the z for an upper tail of p = 0.001.</summary>
    public const double ZUpper0001 = 3.0902323061678132;

    /// <summary>Σ (observed − expected)² / expected, every category expected <paramref name="expectedEach"/> times.</summary>
    public static double Statistic(ReadOnlySpan<long> observed, double expectedEach)
    {
        var sum = 0.0;
        foreach (var o in observed)
        {
            var d = o - expectedEach;
            sum += d * d / expectedEach;
        }
        return sum;
    }

    /// <summary>
    /// The upper critical value of the chi-square distribution with <paramref name="degreesOfFreedom"/>
    /// at p = 0.001, by the Wilson–Hilferty approximation: (χ²/k)^(1/3) is close to normal with mean
    /// 1 − 2/(9k) and variance 2/(9k), so χ²ₚ ≈ k·(1 − 2/(9k) + z·√(2/(9k)))³.
    /// </summary>
    public static double CriticalValue(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        var k = (double)degreesOfFreedom;
        var v = 2.0 / (9.0 * k);
        var root = 1.0 - v + ZUpper0001 * Math.Sqrt(v);
        return k * root * root * root;
    }

    /// <summary>Whether counts that should be uniform over their categories pass the test at p = 0.001.</summary>
    public static (bool Passes, double Statistic, double Critical) UniformFit(ReadOnlySpan<long> observed)
    {
        var total = 0L;
        foreach (var o in observed)
        {
            total += o;
        }
        var statistic = Statistic(observed, (double)total / observed.Length);
        var critical = CriticalValue(observed.Length - 1);
        return (statistic <= critical, statistic, critical);
    }
}
