using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Engine.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Battleship.Telemetry.Tests;

/// <summary>The engine's metrics after a scripted game and a scripted episode: names, labels, values.</summary>
public sealed class EngineMetricsTests
{
    [Fact]
    public void ScriptedGame_CountsStartCompletionShotsAndDuration()
    {
        var metrics = new List<MetricSnapshot>();
        BattleshipGame game;
        int refused;
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(EngineTelemetry.Name).AddInMemoryExporter(metrics).Build())
        {
            game = ScriptedGame.Play("metrics-1", out refused);
            provider.ForceFlush();
        }

        Assert.Equal(1, Sum(metrics, EngineTelemetry.GamesStartedInstrument));
        Assert.Equal(1, Sum(metrics, EngineTelemetry.GamesCompletedInstrument, ("outcome", "win")));
        Assert.Equal(["outcome"], LabelKeys(metrics, EngineTelemetry.GamesCompletedInstrument));
        Assert.Equal(["player", "result"], LabelKeys(metrics, EngineTelemetry.ShotsInstrument));
        foreach (var player in new[] { Player.One, Player.Two })
        {
            var name = player == Player.One ? "one" : "two";
            foreach (
                var (outcome, label) in new[]
                {
                    (ShotOutcome.Miss, "miss"),
                    (ShotOutcome.Hit, "hit"),
                    (ShotOutcome.Sunk, "sunk"),
                    (ShotOutcome.Win, "win"),
                }
            )
            {
                Assert.Equal(
                    game.Moves.Count(m => m.Player == player && m.Outcome == outcome),
                    Sum(metrics, EngineTelemetry.ShotsInstrument, ("result", label), ("player", name))
                );
            }
        }
        Assert.Equal(refused, Sum(metrics, EngineTelemetry.ShotsInstrument, ("result", "invalid"), ("player", "two")));
        var duration = Assert.Single(Points(metrics, EngineTelemetry.GameDurationInstrument));
        Assert.Equal(1, duration.GetHistogramCount());
        Assert.Equal("s", Single(metrics, EngineTelemetry.GameDurationInstrument).Unit);
    }

    [Fact]
    public void ResignedGame_CountsResign_AndARebuiltGameIsNotCountedTwice()
    {
        var metrics = new List<MetricSnapshot>();
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(EngineTelemetry.Name).AddInMemoryExporter(metrics).Build())
        {
            var game = new BattleshipGame(GameRules.Standard, Player.One, "metrics-2");
            game.PlaceRandomFleet(Player.One, 3);
            game.PlaceRandomFleet(Player.Two, 4);
            game.TryFire(Player.One, 0, out _);
            var rebuilt = BattleshipGame.Replay(game.ToRecord());
            rebuilt.ResumeTelemetry("metrics-2");
            rebuilt.Resign(Player.Two);
            provider.ForceFlush();
        }

        Assert.Equal(1, Sum(metrics, EngineTelemetry.GamesStartedInstrument));
        Assert.Equal(1, Sum(metrics, EngineTelemetry.ShotsInstrument));
        Assert.Equal(1, Sum(metrics, EngineTelemetry.GamesCompletedInstrument, ("outcome", "resign")));
    }

    [Fact]
    public void ScriptedEpisode_CountsActionsByResult_ResetsRewardsAndStepTimes()
    {
        var metrics = new List<MetricSnapshot>();
        var results = new Dictionary<StepOutcome, int>();
        var env = new BattleshipEnv(GameRules.Standard);
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(EngineTelemetry.Name).AddInMemoryExporter(metrics).Build())
        {
            env.Reset(9);
            var actions = new[] { 0, 0, 1, -1 }.Concat(Enumerable.Range(2, 98));
            foreach (var action in actions)
            {
                var step = env.Step(action);
                results[step.Info.Outcome] = results.GetValueOrDefault(step.Info.Outcome) + 1;
                if (step.IsDone)
                {
                    break;
                }
            }
            provider.ForceFlush();
        }

        Assert.Equal(1, Sum(metrics, EngineTelemetry.EnvResetsInstrument));
        Assert.Equal(["result"], LabelKeys(metrics, EngineTelemetry.EnvActionsInstrument));
        Assert.Equal(2, Sum(metrics, EngineTelemetry.EnvActionsInstrument, ("result", "invalid")));
        Assert.Equal(results[StepOutcome.Miss], Sum(metrics, EngineTelemetry.EnvActionsInstrument, ("result", "miss")));
        Assert.Equal(results[StepOutcome.Hit], Sum(metrics, EngineTelemetry.EnvActionsInstrument, ("result", "hit")));
        Assert.Equal(1, Sum(metrics, EngineTelemetry.EnvActionsInstrument, ("result", "win")));
        var steps = results.Values.Sum();
        var reward = Assert.Single(Points(metrics, EngineTelemetry.EnvRewardInstrument));
        Assert.Equal(steps, reward.GetHistogramCount());
        Assert.Equal(env.EpisodeReturn, reward.GetHistogramSum(), precision: 3);
        Assert.Equal(steps, Assert.Single(Points(metrics, EngineTelemetry.EnvStepDurationInstrument)).GetHistogramCount());
    }

    private static MetricSnapshot Single(List<MetricSnapshot> metrics, string name) => metrics.Last(m => m.Name == name);

    private static List<MetricPoint> Points(List<MetricSnapshot> metrics, string name) => [.. Single(metrics, name).MetricPoints];

    private static long Sum(List<MetricSnapshot> metrics, string name, params (string Key, string Value)[] labels) =>
        Points(metrics, name)
            .Where(p => labels.All(l => Tags(p).TryGetValue(l.Key, out var v) && Equals(v, l.Value)))
            .Sum(p => p.GetSumLong());

    private static string[] LabelKeys(List<MetricSnapshot> metrics, string name) =>
        [.. Points(metrics, name).SelectMany(p => Tags(p).Keys).Distinct().Order(StringComparer.Ordinal)];

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }
        return tags;
    }
}
