using Battleship.Db.Archive;

namespace Battleship.Db.Tests;

public class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_HaveUniqueIdsInTheDbRange() =>
        Assert.Empty(LogEvents.Problems(LogEvents.Of(typeof(ArchiveMigrator).Assembly), 5000, 5999));
}
