using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;
using Battleship.Trainer.Dqn;

namespace Battleship.Trainer.Evaluation;

/// <summary>Formats an <see cref="EvaluationReport"/> for people (text and histogram) and for scripts (one JSON line).</summary>
internal static class EvaluationReportWriter
{
    private const int BarWidth = 50;

    /// <param name="output">Where to write.</param>
    /// <param name="report">The run.</param>
    /// <param name="elapsed">The run's wall-clock time.</param>
    /// <param name="threads">The worker threads that played (the decision times depend on them).</param>
    /// <param name="posterior">The posterior policy that played, to print its budgets; null for other agents.</param>
    public static void WriteText(
        TextWriter output,
        EvaluationReport report,
        TimeSpan elapsed,
        int threads = 1,
        PosteriorPolicy? posterior = null
    )
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(
            string.Create(c, $"agent {report.Agent}: {report.Games:N0} games, seed {report.Seed}, {elapsed.TotalSeconds:F1} s")
        );
        output.WriteLine(
            string.Create(
                c,
                $"shots to win: mean {report.Mean:F2} ± {report.StandardError:F2} (s.e.)  median {report.Median:F1}  std {report.StandardDeviation:F2}  min {report.Min}  max {report.Max}"
            )
        );
        if (posterior is not null)
        {
            var budget = posterior.TimeBudget is { } t ? string.Create(c, $"{t.TotalMilliseconds:0.###} ms") : "none";
            output.WriteLine(string.Create(c, $"budgets: {posterior.Samples:N0} samples per decision, time budget {budget}"));
        }
        if (report.DecisionTimes is { } times)
        {
            // Wall-clock times: they depend on the machine, its load and the number of threads.
            output.WriteLine(
                string.Create(
                    c,
                    $"decision time: mean {Micro(times.Mean)}  median {Micro(times.Median)}  p99 {Micro(times.P99)}  max {Micro(times.Max)}  ({times.Count:N0} decisions, {threads} {(threads == 1 ? "thread" : "threads")})"
                )
            );
        }
        var histogram = report.Histogram(5);
        var most = histogram.Max(b => b.Count);
        foreach (var (from, to, count) in histogram)
        {
            var bar = new string('#', (int)Math.Round((double)count * BarWidth / most));
            output.WriteLine(string.Create(c, $"{from, 4}-{to, -4} {count, 7} {bar}"));
        }
    }

    private static string Micro(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMicroseconds:F1} µs");

    public static void WriteHeadToHead(TextWriter output, HeadToHead match, ulong seed, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(
            string.Create(
                c,
                $"{match.A.Agent} vs {match.B.Agent}: {match.Games:N0} games, seed {seed}, first move alternating, {elapsed.TotalSeconds:F1} s"
            )
        );
        output.WriteLine(
            string.Create(c, $"{match.A.Agent, -12} wins {match.WinsA, 7} ({match.WinRateA:P1})  mean shots {match.A.Mean:F2}")
        );
        output.WriteLine(
            string.Create(c, $"{match.B.Agent, -12} wins {match.WinsB, 7} ({1 - match.WinRateA:P1})  mean shots {match.B.Mean:F2}")
        );
    }

    public static string ToJson(HeadToHead match, ulong seed) =>
        JsonSerializer.Serialize(
            new HeadToHeadSummary(
                match.A.Agent,
                match.B.Agent,
                match.Games,
                seed,
                match.WinsA,
                match.WinsB,
                Math.Round(match.WinRateA, 4),
                Math.Round(match.A.Mean, 4),
                Math.Round(match.B.Mean, 4)
            ),
            EvaluationJsonContext.Default.HeadToHeadSummary
        );

    /// <summary>The summary line; the posterior agent's budgets are added when <paramref name="posterior"/> is given. Decision times are left out: the line depends only on the seed and the options.</summary>
    public static string ToJson(EvaluationReport report, PosteriorPolicy? posterior = null) =>
        JsonSerializer.Serialize(
            new EvaluationSummary(
                report.Agent,
                report.Games,
                report.Seed,
                Math.Round(report.Mean, 4),
                Math.Round(report.Median, 4),
                Math.Round(report.StandardDeviation, 4),
                report.Min,
                report.Max,
                posterior?.Samples,
                posterior?.TimeBudget?.TotalMilliseconds
            ),
            EvaluationJsonContext.Default.EvaluationSummary
        );
}

/// <summary>The JSON summary line of <c>evaluate --json</c> (the posterior agent's budgets only when it played).</summary>
internal sealed record EvaluationSummary(
    string Agent,
    int Games,
    ulong Seed,
    double Mean,
    double Median,
    double Std,
    int Min,
    int Max,
    int? Samples,
    double? TimeBudgetMs
);

/// <summary>The JSON summary line of <c>evaluate --vs --json</c>.</summary>
internal sealed record HeadToHeadSummary(
    string Agent,
    string Opponent,
    int Games,
    ulong Seed,
    int Wins,
    int Losses,
    double WinRate,
    double MeanShots,
    double OpponentMeanShots
);

// The summaries' keys are their properties in camelCase; a null (a budget not given) is left out.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull
)]
[JsonSerializable(typeof(EvaluationSummary))]
[JsonSerializable(typeof(HeadToHeadSummary))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
