namespace Battleship.Grains.Tests;

/// <summary>Every log event of the grains has an explicit id of its own in the grains' range (docs/telemetry.md).</summary>
public class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_HaveUniqueIdsInTheGrainsRange() =>
        // The match grain (2100–2199) gets its ids with its rewrite (issue 14); then it is checked too.
        Assert.Empty(LogEvents.Problems(LogEvents.Of(typeof(AgentGrain).Assembly), 2000, 2999));
}
