namespace Battleship.Gateway.Tests.Host;

/// <summary>Every log event of the gateway has an explicit id of its own in the gateway's range (docs/telemetry.md).</summary>
public class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_HaveUniqueIdsInTheGatewaysRange() =>
        Assert.Empty(LogEvents.Problems(LogEvents.Of(typeof(Errors.FailureLog).Assembly), 3000, 3999));
}
