using Battleship.Engine.Telemetry;

namespace Battleship.Telemetry.Tests;

/// <summary>W3C trace context from the browser through the gateway into the grains and the engine.</summary>
[Collection(StackCollection.Name)]
public sealed class TracePropagationTests(Stack stack)
{
    [Fact]
    public void BrowserTraceparent_ContinuesInTheGatewaysRequestSpan()
    {
        Assert.Contains(
            stack.GatewaySpans,
            s =>
                s.TraceId == stack.BrowserTraceId
                && s.Source.Name == "Microsoft.AspNetCore"
                && s.DisplayName.Contains("fire", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void BrowserTrace_ReachesTheSilosGrainCalls()
    {
        Assert.Contains(
            stack.SiloSpans,
            s => s.TraceId == stack.BrowserTraceId && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void TheShotsMoveSpan_IsInTheGamesTrace_AndLinksToTheBrowsersTrace()
    {
        var moves = stack.SiloSpans.Where(s => s.OperationName == EngineTelemetry.MakeMoveSpan).ToList();
        var game = Assert.Single(stack.SiloSpans, s => s.OperationName == EngineTelemetry.GameSpan);

        // The player's shot, and the agent's reply that the same call set off, both link to the browser's trace.
        var shot = Assert.Single(
            moves,
            m => m.Links.Any(l => l.Context.TraceId == stack.BrowserTraceId) && Equals(m.GetTagItem(EngineTelemetry.PlayerLabel), "one")
        );
        Assert.Equal(game.TraceId, shot.TraceId);
        Assert.Equal(game.SpanId, shot.ParentSpanId);
        Assert.Equal("resign", game.GetTagItem(EngineTelemetry.OutcomeLabel));
    }
}
