using System.Diagnostics;
using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Engine.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Battleship.Telemetry.Tests;

/// <summary>The engine's spans, exported by the in-memory exporter: names, parent-child chain, attributes.</summary>
public sealed class EngineTracingTests
{
    private static readonly HashSet<string> AllowedEngineAttributes =
    [
        EngineTelemetry.GameIdAttribute,
        EngineTelemetry.PlayerLabel,
        EngineTelemetry.PhaseAttribute,
        EngineTelemetry.ShotResultAttribute,
        EngineTelemetry.ShipTypeAttribute,
        EngineTelemetry.OutcomeLabel,
        EngineTelemetry.MovesAttribute,
        EngineTelemetry.ResumedAttribute,
        EngineTelemetry.EpisodeIdAttribute,
        EngineTelemetry.ActionValidAttribute,
        EngineTelemetry.TerminatedAttribute,
        EngineTelemetry.TruncatedAttribute,
        EngineTelemetry.RewardTypeAttribute,
    ];

    [Fact]
    public void ScriptedGame_EmitsOneGameSpan_WithEveryOtherSpanAsItsChild()
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource("Battleship.*").AddInMemoryExporter(spans).Build())
        {
            var game = ScriptedGame.Play("game-1", out var refused);

            var root = Assert.Single(spans, s => s.OperationName == EngineTelemetry.GameSpan);
            var children = spans.Where(s => s != root).ToList();
            Assert.All(children, c => Assert.Equal(root.TraceId, c.TraceId));
            Assert.All(children, c => Assert.Equal(root.SpanId, c.ParentSpanId));
            Assert.Equal(2, children.Count(c => c.OperationName == EngineTelemetry.SetupRandomSpan));
            Assert.Equal(game.TurnNumber + refused, children.Count(c => c.OperationName == EngineTelemetry.MakeMoveSpan));
            Assert.Single(children, c => c.OperationName == EngineTelemetry.GameCompleteSpan);
            Assert.Equal(2 + game.TurnNumber + refused + 1, children.Count);
        }
    }

    [Fact]
    public void ScriptedGame_SpansCarryTheSpecifiedAttributes()
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource("Battleship.*").AddInMemoryExporter(spans).Build())
        {
            var game = ScriptedGame.Play("game-2", out _);
            var winner = game.Winner == Player.One ? "one" : "two";

            var root = Assert.Single(spans, s => s.OperationName == EngineTelemetry.GameSpan);
            Assert.Equal("game-2", root.GetTagItem(EngineTelemetry.GameIdAttribute));
            Assert.Equal("finished", root.GetTagItem(EngineTelemetry.PhaseAttribute));
            Assert.Equal("win", root.GetTagItem(EngineTelemetry.OutcomeLabel));
            var moves = spans.Where(s => s.OperationName == EngineTelemetry.MakeMoveSpan).ToList();
            Assert.All(moves, m => Assert.Equal("game-2", m.GetTagItem(EngineTelemetry.GameIdAttribute)));
            Assert.All(moves, m => Assert.Contains(m.GetTagItem(EngineTelemetry.PlayerLabel), new object[] { "one", "two" }));
            Assert.All(
                moves,
                m => Assert.Contains(m.GetTagItem(EngineTelemetry.PhaseAttribute), new object[] { "in_progress", "finished" })
            );
            var refused = Assert.Single(moves, m => m.Status == ActivityStatusCode.Error);
            Assert.Equal("not_your_turn", refused.GetTagItem(EngineTelemetry.ShotResultAttribute));
            var sunk = moves.Where(m => m.GetTagItem(EngineTelemetry.ShotResultAttribute) is "sunk" or "win").ToList();
            Assert.Equal(
                game.Moves.Count(m => m.SunkShip is not null),
                sunk.Count(m => m.GetTagItem(EngineTelemetry.ShipTypeAttribute) is string)
            );
            Assert.Equal(
                game.Moves.Count(m => m.Outcome == ShotOutcome.Miss),
                moves.Count(m => m.GetTagItem(EngineTelemetry.ShotResultAttribute) is "miss")
            );
            var complete = Assert.Single(spans, s => s.OperationName == EngineTelemetry.GameCompleteSpan);
            Assert.Equal(winner, complete.GetTagItem(EngineTelemetry.PlayerLabel));
            Assert.Equal("win", complete.GetTagItem(EngineTelemetry.OutcomeLabel));
            Assert.Equal(game.TurnNumber, complete.GetTagItem(EngineTelemetry.MovesAttribute));
        }
    }

    [Fact]
    public void EngineSpans_CarryNoBoardCellOrStackTrace()
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource("Battleship.*").AddInMemoryExporter(spans).Build())
        {
            ScriptedGame.Play("game-3", out _);
            var env = new BattleshipEnv(GameRules.Standard);
            env.Reset(5);
            env.Step(0);
            env.Step(0); // invalid: already fired
        }

        Assert.NotEmpty(spans);
        Assert.All(spans, s => Assert.Subset(AllowedEngineAttributes, s.TagObjects.Select(t => t.Key).ToHashSet()));
        Assert.All(spans, s => Assert.Empty(s.Events));
        Assert.All(
            spans.SelectMany(s => s.TagObjects),
            t => Assert.False(t.Value is string text && (text.Contains("at ", StringComparison.Ordinal) || text.Length > 40), t.Key)
        );
    }

    [Fact]
    public void GameSpan_IsAChildOfTheCallersActivity_AndTheCallersActivityStaysCurrent()
    {
        var spans = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource("Battleship.*", "Tests").AddInMemoryExporter(spans).Build();
        using var source = new ActivitySource("Tests");
        Activity? current;
        using (var request = source.StartActivity("request"))
        {
            var game = new BattleshipGame(GameRules.Standard, Player.One, "game-4");
            game.PlaceRandomFleet(Player.One, 1);
            game.PlaceRandomFleet(Player.Two, 2);
            game.TryFire(Player.One, 0, out _);
            game.Resign(Player.Two);
            current = Activity.Current;
            Assert.Same(request, current);
        }

        var root = Assert.Single(spans, s => s.OperationName == EngineTelemetry.GameSpan);
        var caller = Assert.Single(spans, s => s.OperationName == "request");
        Assert.Equal(caller.SpanId, root.ParentSpanId);
        var move = Assert.Single(spans, s => s.OperationName == EngineTelemetry.MakeMoveSpan);
        Assert.Equal(caller.SpanId, Assert.Single(move.Links).Context.SpanId);
        Assert.Equal("resign", root.GetTagItem(EngineTelemetry.OutcomeLabel));
    }

    [Fact]
    public void EnvironmentEpisode_IsAGameSpan_WithResetAndStepChildren()
    {
        var spans = new List<Activity>();
        int steps;
        using (Sdk.CreateTracerProviderBuilder().AddSource("Battleship.*").AddInMemoryExporter(spans).Build())
        {
            var env = new BattleshipEnv(GameRules.Standard);
            env.Reset(42);
            env.Step(0);
            env.Step(0); // invalid
            var cell = 1;
            while (!env.NeedsReset)
            {
                env.Step(cell++);
            }
            steps = env.EpisodeSteps;
        }

        var root = Assert.Single(spans, s => s.OperationName == EngineTelemetry.GameSpan);
        Assert.All(spans.Where(s => s != root), s => Assert.Equal(root.SpanId, s.ParentSpanId));
        var reset = Assert.Single(spans, s => s.OperationName == EngineTelemetry.EnvResetSpan);
        var stepSpans = spans.Where(s => s.OperationName == EngineTelemetry.EnvStepSpan).ToList();
        Assert.Equal(steps, stepSpans.Count);
        Assert.Equal("000000000000002a", root.GetTagItem(EngineTelemetry.EpisodeIdAttribute));
        Assert.Equal("000000000000002a", reset.GetTagItem(EngineTelemetry.EpisodeIdAttribute));
        Assert.Equal(false, stepSpans[1].GetTagItem(EngineTelemetry.ActionValidAttribute));
        Assert.Equal("invalid", stepSpans[1].GetTagItem(EngineTelemetry.RewardTypeAttribute));
        Assert.Equal(true, stepSpans[0].GetTagItem(EngineTelemetry.ActionValidAttribute));
        Assert.Equal(true, stepSpans[^1].GetTagItem(EngineTelemetry.TerminatedAttribute));
        Assert.Equal(false, stepSpans[^1].GetTagItem(EngineTelemetry.TruncatedAttribute));
        Assert.Equal("win", stepSpans[^1].GetTagItem(EngineTelemetry.RewardTypeAttribute));
        Assert.All(stepSpans.SkipLast(1), s => Assert.Equal(false, s.GetTagItem(EngineTelemetry.TerminatedAttribute)));
        Assert.Equal(
            "win",
            Assert.Single(spans, s => s.OperationName == EngineTelemetry.GameCompleteSpan).GetTagItem(EngineTelemetry.OutcomeLabel)
        );
    }

    [Fact]
    public void VectorEnvironment_TracesEachEnvironmentsEpisodeSeparately()
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource("Battleship.*").AddInMemoryExporter(spans).Build())
        {
            var env = new VectorEnv(GameRules.Standard, 3);
            env.Reset(7);
            env.Step([0, 1, 2]);
        }

        var roots = spans.Where(s => s.OperationName == EngineTelemetry.GameSpan).ToList();
        Assert.Empty(roots); // the episodes are still running: their spans end with them
        var steps = spans.Where(s => s.OperationName == EngineTelemetry.EnvStepSpan).ToList();
        Assert.Equal(3, steps.Count);
        Assert.Equal(3, steps.Select(s => s.ParentSpanId).Distinct().Count());
        Assert.Equal(3, spans.Count(s => s.OperationName == EngineTelemetry.EnvResetSpan));
    }

    [Fact]
    public void WithoutAListener_NothingIsCreated()
    {
        var game = ScriptedGame.Play("game-5", out _);
        var env = new BattleshipEnv(GameRules.Standard);
        env.Reset(1);
        env.Step(0);

        Assert.False(EngineTelemetry.IsGameObserved);
        Assert.False(EngineTelemetry.IsEnvObserved);
        Assert.Equal(GamePhase.Finished, game.Phase);
        Assert.Null(Activity.Current);
    }
}
