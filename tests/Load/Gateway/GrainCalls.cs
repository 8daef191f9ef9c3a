using System.Globalization;
using System.Text.RegularExpressions;

namespace Battleship.Load.Gateway;

/// <summary>
/// The grain calls the gateway made during the measured window, from its own counter
/// <c>battleship_gateway_grain_calls_total{method}</c> on <c>/metrics</c> read at both ends of the
/// window. The shots they are divided by come from the same two readings
/// (<c>battleship_hub_messages_total{hub="match",method="Fire",result="ok"}</c>: the Fires the
/// gateway acknowledged), so the edges of the window, and the exposition's short cache, count alike
/// for both. Every call of that gateway counts, whoever caused it.
/// </summary>
/// <param name="Total">Grain calls in the window.</param>
/// <param name="AcknowledgedShots">Fires the gateway acknowledged over its match hub in the window.</param>
/// <param name="PerAcknowledgedShot">Grain calls per acknowledged Fire (null without any).</param>
/// <param name="ByMethod">Grain calls per grain interface method, most first.</param>
public sealed partial record GrainCalls(
    double Total,
    double AcknowledgedShots,
    double? PerAcknowledgedShot,
    IReadOnlyDictionary<string, double> ByMethod
)
{
    /// <summary>The grain-call counter's Prometheus name.</summary>
    public const string Metric = "battleship_gateway_grain_calls_total";

    private const string HubMessages = "battleship_hub_messages_total";

    /// <summary>The calls between two expositions (null when either is missing or has no grain-call counter).</summary>
    public static GrainCalls? Between(string? before, string? after)
    {
        if (before is null || after is null)
        {
            return null;
        }
        var end = Sum(after, Metric, l => Label(l, "method"));
        if (end.Count == 0)
        {
            return null;
        }
        var start = Sum(before, Metric, l => Label(l, "method"));
        var byMethod = end.Select(e => (e.Key, Calls: e.Value - start.GetValueOrDefault(e.Key)))
            .Where(e => e.Calls > 0)
            .OrderByDescending(e => e.Calls)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => e.Calls, StringComparer.Ordinal);
        var shots = AcknowledgedFires(after) - AcknowledgedFires(before);
        if (shots < 0 || start.Any(s => s.Value > end.GetValueOrDefault(s.Key)))
        {
            // A counter went back: another gateway answered (behind a load balancer) or it restarted.
            return null;
        }
        var total = byMethod.Values.Sum();
        return new GrainCalls(total, shots, shots > 0 ? Math.Round(total / shots, 3) : null, byMethod);
    }

    private static double AcknowledgedFires(string exposition) =>
        Sum(
            exposition,
            HubMessages,
            l => Label(l, "hub") == "match" && Label(l, "method") == "Fire" && Label(l, "result") == "ok" ? "" : null
        )
            .Values.Sum();

    /// <summary>
    /// The samples of counter <paramref name="metric"/> in a Prometheus text exposition, summed by
    /// the key <paramref name="keyOf"/> gives their labels (null: left out).
    /// </summary>
    internal static Dictionary<string, double> Sum(string exposition, string metric, Func<string, string?> keyOf)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal))
            {
                continue;
            }
            var close = line.LastIndexOf('}');
            var value = line[(close + 1)..].Trim().Split(' ')[0]; // a timestamp may follow the value
            if (
                keyOf(line[(metric.Length + 1)..close]) is { } key
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count)
            )
            {
                sums[key] = sums.GetValueOrDefault(key) + count;
            }
        }
        return sums;
    }

    private static string? Label(string labels, string name)
    {
        foreach (Match m in LabelPair().Matches(labels))
        {
            if (m.Groups[1].Value == name)
            {
                return m.Groups[2].Value;
            }
        }
        return null;
    }

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"")]
    private static partial Regex LabelPair();
}
