using Npgsql;

namespace Battleship.Db.Tests;

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
