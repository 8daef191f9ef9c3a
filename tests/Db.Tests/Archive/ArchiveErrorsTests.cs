using System.Net.Sockets;
using Battleship.Db.Archive;
using Npgsql;

namespace Battleship.Db.Tests.Archive;

/// <summary>What counts as the database being away (a 503, retry later) and what as a refusal or a bug.</summary>
public sealed class ArchiveErrorsTests
{
    [Theory]
    [InlineData("57P01", true)] // the server is shutting down
    [InlineData("55000", true)] // the database refuses connections
    [InlineData("53300", true)] // too many connections
    [InlineData("23505", false)] // a unique key: the request's fault, not an outage
    [InlineData("23503", false)] // a foreign key
    public void PostgresErrors_AreOutagesExceptConstraintViolations(string sqlState, bool outage)
    {
        var error = new PostgresException("the server says no", "FATAL", "FATAL", sqlState);

        Assert.Equal(outage, ArchiveErrors.IsOutage(error));
        Assert.Equal(outage, ArchiveErrors.IsOutage(new InvalidOperationException("EF Core wrapped it", error)));
    }

    [Fact]
    public void ConnectionFailuresAndTimeouts_AreOutages_OtherFailuresAreNot()
    {
        Assert.True(
            ArchiveErrors.IsOutage(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)))
        );
        Assert.True(ArchiveErrors.IsOutage(new TimeoutException()));
        Assert.True(ArchiveErrors.IsOutage(new AggregateException(new InvalidOperationException(), new TimeoutException())));
        Assert.False(ArchiveErrors.IsOutage(new InvalidOperationException("a bug")));
        Assert.False(ArchiveErrors.IsOutage(new ArgumentException("bad input")));
    }

    [Fact]
    public async Task ADatabaseThatRefusesConnections_IsAnOutage()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await database.TakeOfflineAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));

        Assert.True(ArchiveErrors.IsOutage(error));
        await database.BringOnlineAsync();
    }
}
