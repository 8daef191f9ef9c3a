using Battleship.Db.Orleans;
using Npgsql;

namespace Battleship.Db.Tests.Orleans;

public class OrleansSchemaTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Apply_Twice_SucceedsAndLeavesOneRowPerQueryKey()
    {
        var ct = TestContext.Current.CancellationToken;

        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);

        var keys = await QueryListAsync("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", ct);
        Assert.Equal(OrleansContract.Queries.Keys.Order(StringComparer.Ordinal), keys);
        var tables = await QueryListAsync(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
            ct
        );
        Assert.Equal(
            [
                "orleans_cluster_member",
                "orleans_cluster_version",
                "orleans_grain_state",
                "orleans_grain_state_json",
                "orleans_reminder",
                "orleansquery",
            ],
            tables
        );
    }

    [Fact]
    public async Task Apply_Concurrently_BothSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        var fresh = new PostgresDatabase();
        await fresh.InitializeAsync();
        try
        {
            await Task.WhenAll(
                OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, fresh.ConnectionString, ct),
                OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, fresh.ConnectionString, ct)
            );

            await using var connection = new NpgsqlConnection(fresh.ConnectionString);
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery", connection);
            Assert.Equal((long)OrleansContract.Queries.Count, await count.ExecuteScalarAsync(ct));
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task Apply_RestoresAStoredQueryThatWasChanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);
        await ExecuteAsync("UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'ReadFromStorageKey'", ct);

        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);

        var text = await QueryListAsync("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'ReadFromStorageKey'", ct);
        Assert.Contains("orleans_grain_state", Assert.Single(text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_StoresExactlyTheQueryTextsOfTheScripts()
    {
        var ct = TestContext.Current.CancellationToken;
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);
        var expected = ScriptQueries.Parse(
            DatabaseProvider.PostgreSql,
            OrleansSchema.GetScripts(DatabaseProvider.PostgreSql).Select(s => s.Sql)
        );

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            stored.Add(reader.GetString(0), reader.GetString(1));
        }

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), stored.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private async Task<List<string>> QueryListAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
