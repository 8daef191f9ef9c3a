namespace Battleship.Cluster.Tests;

/// <summary>A fresh PostgreSQL database brought up to date by the built migrator (<c>migrate</c>), dropped on dispose.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    /// <summary>The connection string of the database.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var (exitCode, output, error) = await MigratorProcess.RunAsync(ConnectionString, "migrate");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"migrate failed ({exitCode}):\n{output}\n{error}");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
