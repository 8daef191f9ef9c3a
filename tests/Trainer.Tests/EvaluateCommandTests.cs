using System.CommandLine;
using System.Text.Json;

namespace Battleship.Trainer.Tests;

public class EvaluateCommandTests
{
    [Fact]
    public void Evaluate_WithJson_EndsWithTheSummaryObject()
    {
        var (exitCode, output, _) = Run("evaluate", "--agent", "parity", "--games", "300", "--seed", "5", "--json");

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd().Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.Equal(["agent", "games", "seed", "mean", "median", "std", "min", "max"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("parity", root.GetProperty("agent").GetString());
        Assert.Equal(300, root.GetProperty("games").GetInt32());
        Assert.Equal(5UL, root.GetProperty("seed").GetUInt64());
        Assert.InRange(root.GetProperty("mean").GetDouble(), root.GetProperty("min").GetInt32(), root.GetProperty("max").GetInt32());
        Assert.StartsWith("agent parity: 300 games, seed 5", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TheSameSeed_PrintsTheSameSummary()
    {
        var first = Run("evaluate", "--agent", "hunt", "--games", "200", "--seed", "3", "--json", "--threads", "1").Output;
        var second = Run("evaluate", "--agent", "hunt", "--games", "200", "--seed", "3", "--json", "--threads", "2").Output;

        Assert.Equal(first.TrimEnd().Split('\n')[^1], second.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void Evaluate_PrintsAHistogramCoveringEveryGame()
    {
        var (_, output, _) = Run("evaluate", "--agent", "random", "--games", "250", "--seed", "1");

        var bins = output.Split('\n').Skip(2).Where(l => l.Contains('-', StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bins);
        Assert.Equal(
            250,
            bins.Sum(l =>
                int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)
            )
        );
    }

    [Fact]
    public void Evaluate_Posterior_WithBudgets_ReportsThemAndTheDecisionTimes()
    {
        var (exitCode, output, _) = Run("evaluate", "--agent", "posterior", "--samples", "100", "--games", "20", "--seed", "2", "--json");

        Assert.Equal(0, exitCode);
        var lines = output.TrimEnd().Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.Equal("posterior", root.GetProperty("agent").GetString());
        Assert.Equal(100, root.GetProperty("samples").GetInt32());
        Assert.False(root.TryGetProperty("timeBudgetMs", out _));
        Assert.Contains("budgets: 100 samples per decision, time budget none", lines);
        var decisions = Assert.Single(lines, l => l.StartsWith("decision time: mean ", StringComparison.Ordinal));
        Assert.Contains(" p99 ", decisions, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Posterior_TheSameSeed_PrintsTheSameSummary_AndTheDefaultBudgets()
    {
        var first = Run("evaluate", "--agent", "posterior", "--games", "10", "--seed", "4", "--json", "--threads", "1").Output;
        var second = Run("evaluate", "--agent", "posterior", "--games", "10", "--seed", "4", "--json", "--threads", "2").Output;

        Assert.Equal(first.TrimEnd().Split('\n')[^1], second.TrimEnd().Split('\n')[^1]);
        Assert.Contains("\"samples\":1000", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--agent", "oracle")]
    [InlineData("--agent", "parity", "--samples", "100")]
    [InlineData("--agent", "posterior", "--samples", "0")]
    [InlineData("--agent", "posterior", "--time-budget-ms", "0")]
    [InlineData("--agent", "posterior", "--time-budget-ms", "-3")]
    [InlineData("--agent", "random", "--games", "0")]
    [InlineData("--agent", "random", "--games", "many")]
    [InlineData("--games", "10")]
    public void Evaluate_BadArguments_FailWithAMessage(params string[] arguments)
    {
        var (exitCode, output, error) = Run(["evaluate", .. arguments]);

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("shots to win: mean", output, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = TrainerCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
