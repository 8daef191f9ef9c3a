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

    [Theory]
    [InlineData("--agent", "oracle")]
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
