using Battleship.Db.Orleans;

namespace Battleship.Db.Tests.Orleans;

public class OrleansSchemaTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Apply_Twice_SucceedsAndLeavesOneRowPerQueryKey()
    {
        var ct = TestContext.Current.CancellationToken;

        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);

        var keys = await QueryListAsync("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"");
        Assert.Equal(OrleansContract.Queries.Keys.Order(StringComparer.Ordinal), keys);
        var tables = await QueryListAsync(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
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

            Assert.Equal(
                (long)OrleansContract.Queries.Count,
                await PlainSql.ScalarAsync(fresh.ConnectionString, "SELECT count(*) FROM OrleansQuery")
            );
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
        await PlainSql.ExecuteAsync(
            database.ConnectionString,
            "UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'ReadFromStorageKey'"
        );

        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);

        var text = await QueryListAsync("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'ReadFromStorageKey'");
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

        var stored = (
            await PlainSql.QueryAsync(
                database.ConnectionString,
                "SELECT QueryKey, QueryText FROM OrleansQuery",
                row => KeyValuePair.Create(row.GetString(0), row.GetString(1))
            )
        ).ToDictionary(StringComparer.Ordinal);

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), stored.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private Task<List<string>> QueryListAsync(string sql) => PlainSql.QueryAsync(database.ConnectionString, sql, row => row.GetString(0));
}
