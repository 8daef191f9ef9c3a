using Npgsql;

namespace Battleship.Db.Tests;

public class PostgresDatabaseTests
{
    [Fact]
    public async Task Database_IsCreatedEmpty_AndDroppedOnDispose()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var tables = new NpgsqlCommand(
                "select count(*) from information_schema.tables where table_schema = 'public'",
                connection
            );
            Assert.Equal(0L, await tables.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await database.DisposeAsync();

        await using var server = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
        await server.OpenAsync(TestContext.Current.CancellationToken);
        await using var exists = new NpgsqlCommand($"select count(*) from pg_database where datname = '{database.Name}'", server);
        Assert.Equal(0L, await exists.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
