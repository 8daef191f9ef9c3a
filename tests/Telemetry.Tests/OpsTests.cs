using System.Text.Json;
using System.Text.RegularExpressions;

namespace Battleship.Telemetry.Tests;

/// <summary>
/// The Grafana dashboards and Prometheus rules of ops/ query only metrics the application really
/// exports: the names in the running silo's and gateway's expositions (<see cref="Stack"/>), plus
/// the trainer's agent metrics and the load generator's, which this suite does not run
/// (<see cref="MetricCatalogue.AgentMetrics"/>, <see cref="MetricCatalogue.LoadMetrics"/>).
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class OpsTests(Stack stack)
{
    private static readonly string Ops = Path.Combine(AppContext.BaseDirectory, "ops");

    [GeneratedRegex(@"\b(?:battleship|http|signalr|kestrel|orleans|dotnet|aspnetcore)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\bsli:[a-z0-9_:]+\b")]
    private static partial Regex RecordedName();

    [GeneratedRegex(@"record:\s*(sli:[a-z0-9_:]+)")]
    private static partial Regex RecordRule();

    public static TheoryData<string> Dashboards =>
        [.. Directory.GetFiles(Path.Combine(Ops, "dashboards"), "*.json").Select(f => Path.GetFileName(f))];

    [Fact]
    public void EveryDashboardIsShipped()
    {
        var titles = Directory
            .GetFiles(Path.Combine(Ops, "dashboards"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("title").GetString())
            .Order(StringComparer.Ordinal);

        Assert.Equal(["API and matches", "Load test", "Training and agents"], titles);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void DashboardPanels_QueryOnlyExportedMetrics(string file)
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Ops, "dashboards", file)));
        var exported = Exported();
        var recorded = Recorded();
        var labels = Labels();
        var queries = 0;

        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            Assert.True(panel.TryGetProperty("title", out _));
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                if (target.GetProperty("datasource").GetProperty("uid").GetString() != "prometheus")
                {
                    continue;
                }
                var expr = target.GetProperty("expr").GetString()!;
                var names = MetricName().Matches(expr).Select(m => Family(m.Value)).Where(n => !labels.Contains(n)).ToList();
                var rules = RecordedName().Matches(expr).Select(m => m.Value).ToList();
                Assert.True(names.Count + rules.Count > 0, $"{file}: '{expr}' names no metric");
                Assert.All(names, n => Assert.True(exported.Contains(n), $"{file}: {n} is not exported"));
                Assert.All(rules, r => Assert.True(recorded.Contains(r), $"{file}: {r} is not a recording rule"));
                queries++;
            }
        }
        Assert.True(queries >= 8, $"{file} has {queries} Prometheus queries");
    }

    [Fact]
    public void AlertAndRecordingRules_QueryOnlyExportedMetrics()
    {
        var exported = Exported();
        var text = string.Join('\n', Directory.GetFiles(Path.Combine(Ops, "rules"), "*.yml").Select(File.ReadAllText));

        var labels = Labels();
        var names = MetricName().Matches(text).Select(m => Family(m.Value)).Where(n => !labels.Contains(n)).Distinct().ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(exported.Contains(n), $"{n} is not exported"));
    }

    private HashSet<string> Exported()
    {
        var names = new HashSet<string>([.. MetricCatalogue.AgentMetrics, .. MetricCatalogue.LoadMetrics], StringComparer.Ordinal);
        names.UnionWith(stack.SiloMetrics.Families);
        names.UnionWith(stack.GatewayMetrics.Families);
        return names;
    }

    // Label names such as http_route look like metric names to the pattern; they are not queried as metrics.
    private HashSet<string> Labels() =>
        stack
            .SiloMetrics.Samples.Concat(stack.GatewayMetrics.Samples)
            .SelectMany(s => LabelName().Matches(s.Labels).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[{,]([a-z_][a-z0-9_]*)=")]
    private static partial Regex LabelName();

    private static HashSet<string> Recorded() =>
        Directory
            .GetFiles(Path.Combine(Ops, "rules"), "*.yml")
            .SelectMany(f => RecordRule().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static string Family(string name)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }
}
