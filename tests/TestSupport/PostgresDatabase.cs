using Npgsql;
using Xunit;

namespace Battleship.TestSupport;

/// <summary>
/// A fresh, uniquely named database on the real PostgreSQL server that <c>make db-up</c> starts
/// (or the one named by <c>BATTLESHIP_TEST_POSTGRES</c>), dropped again on dispose. Use one per
/// test class (<c>IClassFixture</c>) or create one inside a test that needs its own.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    /// <summary>The server the tests use: the environment's connection string or the local cluster's.</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("BATTLESHIP_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=55432;Database=battleship;Username=battleship;Password=battleship";

    /// <summary>The database's name (<c>test_</c> and a random suffix).</summary>
    public string Name { get; } = $"test_{Guid.NewGuid():N}";

    /// <summary>A connection string to this database.</summary>
    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name, Pooling = true }.ConnectionString;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{Name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A database outage, for this database only: it stops accepting connections and the open
    /// ones are ended (their next use fails, as when the server goes away), until
    /// <see cref="BringOnlineAsync"/>. The server and the other tests' databases go on.
    /// </summary>
    public Task TakeOfflineAsync() =>
        ExecuteAsync(
            $"alter database \"{Name}\" with allow_connections false",
            $"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{Name}' and usename = current_user and pid <> pg_backend_pid()"
        );

    /// <summary>Ends the outage of <see cref="TakeOfflineAsync"/>.</summary>
    public Task BringOnlineAsync() => ExecuteAsync($"alter database \"{Name}\" with allow_connections true");

    private static async Task ExecuteAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
