using System.Globalization;
using System.Text.RegularExpressions;

namespace Battleship.Load.Gateway;

/// <summary>
/// The grain calls the gateway made during the measured window, from its own counter
/// <c>battleship_gateway_grain_calls_total{method}</c> on <c>/metrics</c> read before and after
/// the window (the exposition may be up to a scrape cache old, a fraction of a second at either
/// end). Every call of that gateway counts, whoever caused it.
/// </summary>
/// <param name="Total">Calls in the window.</param>
/// <param name="PerAcknowledgedShot">Calls per acknowledged <c>Fire</c> (null without any).</param>
/// <param name="ByMethod">Calls per grain interface method, most first.</param>
public sealed partial record GrainCalls(double Total, double? PerAcknowledgedShot, IReadOnlyDictionary<string, double> ByMethod)
{
    /// <summary>The counter's Prometheus name.</summary>
    public const string Metric = "battleship_gateway_grain_calls_total";

    /// <summary>The calls between two expositions (null when either is missing or has no such counter).</summary>
    public static GrainCalls? Between(string? before, string? after, long acknowledgedShots)
    {
        if (before is null || after is null)
        {
            return null;
        }
        var start = Parse(before);
        var end = Parse(after);
        if (end.Count == 0)
        {
            return null;
        }
        var byMethod = end.Select(e => (e.Key, Calls: e.Value - start.GetValueOrDefault(e.Key)))
            .Where(e => e.Calls > 0)
            .OrderByDescending(e => e.Calls)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => e.Calls, StringComparer.Ordinal);
        var total = byMethod.Values.Sum();
        return new GrainCalls(total, acknowledgedShots > 0 ? Math.Round(total / acknowledgedShots, 3) : null, byMethod);
    }

    /// <summary>The counter's value per <c>method</c> label in a Prometheus text exposition.</summary>
    internal static Dictionary<string, double> Parse(string exposition)
    {
        var calls = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(Metric + "{", StringComparison.Ordinal))
            {
                continue;
            }
            var close = line.LastIndexOf('}');
            var labels = line[(Metric.Length + 1)..close];
            var value = line[(close + 1)..].Trim().Split(' ')[0]; // a timestamp may follow the value
            var method = MethodLabel().Match(labels) is { Success: true } m ? m.Groups[1].Value : "";
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count))
            {
                calls[method] = calls.GetValueOrDefault(method) + count;
            }
        }
        return calls;
    }

    [GeneratedRegex("(?:^|,)method=\"([^\"]*)\"")]
    private static partial Regex MethodLabel();
}
