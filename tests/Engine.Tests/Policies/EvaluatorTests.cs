using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;

namespace Battleship.Engine.Tests.Policies;

public class EvaluatorTests
{
    [Fact]
    public void Evaluate_GivesTheSameResults_WhateverTheNumberOfThreads()
    {
        var one = Evaluate(ShotPolicies.ParityHuntTarget, 500, seed: 9, maxDegreeOfParallelism: 1);
        var two = Evaluate(ShotPolicies.ParityHuntTarget, 500, seed: 9, maxDegreeOfParallelism: 2);

        Assert.Equal(one.ShotsPerGame, two.ShotsPerGame);
        Assert.Equal("parity", one.Agent);
    }

    [Fact]
    public void Evaluate_TimingDecisions_TimesEveryShot_AndChangesNoGame()
    {
        var plain = Evaluate(ShotPolicies.ProbabilityDensity, 100, seed: 4);
        var timed = Evaluate(ShotPolicies.ProbabilityDensity, 100, seed: 4, timeDecisions: true);

        Assert.Null(plain.DecisionTimes);
        Assert.Equal(plain.ShotsPerGame, timed.ShotsPerGame);
        var times = timed.DecisionTimes!;
        Assert.Equal(timed.ShotsPerGame.Sum(), times.Count);
        Assert.True(times.Median <= times.P99 && times.P99 <= times.Max);
        Assert.True(TimeSpan.Zero <= times.Mean && times.Mean <= times.Max);
    }

    [Fact]
    public void DecisionTimes_P99_IsTheNearestRank()
    {
        // 200 decisions of 1, 2, ..., 200 ms, in no particular order.
        var millisecond = System.Diagnostics.Stopwatch.Frequency / 1000;
        var ticks = Enumerable.Range(1, 200).Select(i => i * millisecond).Reverse().ToArray();

        var times = DecisionTimes.FromStopwatchTicks(ticks)!;

        Assert.Equal(200, times.Count);
        Assert.Equal(198, times.P99.TotalMilliseconds, 6);
        Assert.Equal(100, times.Median.TotalMilliseconds, 6);
        Assert.Equal(200, times.Max.TotalMilliseconds, 6);
        Assert.Equal(100.5, times.Mean.TotalMilliseconds, 6);
        Assert.Null(DecisionTimes.FromStopwatchTicks([]));
    }

    [Fact]
    public void Evaluate_DifferentSeeds_GiveDifferentGames()
    {
        var a = Evaluate(ShotPolicies.HuntTarget, 200, seed: 1);
        var b = Evaluate(ShotPolicies.HuntTarget, 200, seed: 2);

        Assert.NotEqual(a.ShotsPerGame, b.ShotsPerGame);
    }

    [Fact]
    public void Report_ComputesTheSummaryStatistics()
    {
        int[] shots = [50, 40, 60, 41, 44, 70];

        var report = new EvaluationReport("test", 1, shots);

        Assert.Equal(6, report.Games);
        Assert.Equal(305 / 6.0, report.Mean, 12);
        Assert.Equal(47.0, report.Median);
        Assert.Equal(40, report.Min);
        Assert.Equal(70, report.Max);
        var mean = 305 / 6.0;
        var variance = shots.Sum(x => (x - mean) * (x - mean)) / 5;
        Assert.Equal(Math.Sqrt(variance), report.StandardDeviation, 12);
        Assert.Equal([(40, 49, 3), (50, 59, 1), (60, 69, 1), (70, 79, 1)], report.Histogram(10));
    }

    [Fact]
    public void Random_MatchesTheExactExpectation()
    {
        // Random firing without repeats needs 17·101/18 ≈ 95.389 shots on average: the expected
        // position of the last of 17 marked cells among 100 in random order.
        var report = Evaluate(ShotPolicies.Random, 20_000, seed: 1);

        Assert.InRange(report.Mean, 17 * 101 / 18.0 - 4 * report.StandardError, 17 * 101 / 18.0 + 4 * report.StandardError);
    }

    [Theory]
    [InlineData("hunt", 5_000, 65.0, 67.5)]
    [InlineData("parity", 5_000, 60.5, 62.5)]
    [InlineData("density", 1_000, 43.5, 46.0)]
    public void Baselines_AgreeWithThePublishedFigures(string agent, int games, double low, double high)
    {
        var policy = ShotPolicies.Find(agent)!;

        var report = Evaluate(policy, games, seed: 1);

        Assert.InRange(report.Mean, low, high);
    }

    [Fact]
    public void PlayOut_ABrokenPolicy_IsReportedByName()
    {
        var ocean = new Ocean(FleetLayout.Random(GameRules.Standard, 1));
        var rng = new Rng(1);

        var error = Assert.Throws<InvalidOperationException>(() => PolicyEvaluator.PlayOut(ocean, new AlwaysCornerPolicy(), ref rng));

        Assert.Contains("'corner'", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MoveError.AlreadyFired), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Standard rules, every game played by <paramref name="policy"/>.</summary>
    private static EvaluationReport Evaluate(
        IShotPolicy policy,
        int games,
        ulong seed,
        int? maxDegreeOfParallelism = null,
        bool timeDecisions = false
    ) =>
        PolicyEvaluator.Evaluate(
            GameRules.Standard,
            () => policy,
            games,
            seed,
            timeDecisions,
            maxDegreeOfParallelism,
            TestContext.Current.CancellationToken
        );

    private sealed class AlwaysCornerPolicy : IShotPolicy
    {
        public string Name => "corner";

        public int SelectShot(in TargetView view, ref Rng rng) => 0;
    }
}
