using Battleship.Db.Orleans;

namespace Battleship.Db.Tests.Orleans;

/// <summary>
/// Checks on the script files themselves, for both databases. SQL Server cannot run here, so these
/// keep its scripts in step with the PostgreSQL ones, which the other tests run for real.
/// </summary>
public class ScriptContractTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Scripts_AreEmbedded_InFileNameOrder(DatabaseProvider provider)
    {
        var names = OrleansSchema.GetScripts(provider).Select(s => s.Name).ToArray();

        Assert.Equal(["0001-main.sql", "0002-clustering.sql", "0003-persistence.sql", "0004-reminders.sql"], names);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Scripts_DefineEveryQueryKeyTheProvidersLookUp_AndNoOther(DatabaseProvider provider)
    {
        var queries = Parse(provider);

        Assert.Equal(OrleansContract.Queries.Keys.Order(StringComparer.Ordinal), queries.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Queries_UseOnlyParametersTheProvidersBind(DatabaseProvider provider)
    {
        foreach (var (key, text) in Parse(provider))
        {
            var unknown = ScriptQueries.Parameters(text).Except(OrleansContract.Queries[key], StringComparer.Ordinal).ToArray();
            Assert.True(unknown.Length == 0, $"{provider} {key} uses parameters Orleans does not bind: {string.Join(", ", unknown)}");
        }
    }

    [Fact]
    public void SqlServer_DefinesTheSameQueryKeysAsPostgreSql()
    {
        var postgres = Parse(DatabaseProvider.PostgreSql);
        var sqlServer = Parse(DatabaseProvider.SqlServer);

        Assert.Equal(postgres.Keys.Order(StringComparer.Ordinal), sqlServer.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SqlServer_QueriesUseTheSameParametersAsPostgreSql()
    {
        var postgres = Parse(DatabaseProvider.PostgreSql);
        var sqlServer = Parse(DatabaseProvider.SqlServer);

        foreach (var (key, text) in postgres)
        {
            Assert.True(sqlServer.TryGetValue(key, out var other), $"SQL Server lacks {key}");
            Assert.Equal(ScriptQueries.Parameters(text), ScriptQueries.Parameters(other));
        }
    }

    [Fact]
    public void PostgreSqlQueries_NameTheirResultColumnsAsTheProvidersReadThem()
    {
        var queries = Parse(DatabaseProvider.PostgreSql);

        // PostgreSQL folds unquoted names to lower case; quoted aliases keep the provider's spelling.
        foreach (var column in new[] { "\"Version\"", "\"Address\"", "\"ProxyPort\"", "\"IAmAliveTime\"", "\"SuspectTimes\"" })
        {
            Assert.Contains(column, queries["MembershipReadAllKey"], StringComparison.Ordinal);
        }

        Assert.Contains("\"PayloadBinary\"", queries["ReadFromStorageKey"], StringComparison.Ordinal);
        Assert.Contains("\"NewGrainStateVersion\"", queries["WriteToStorageKey"], StringComparison.Ordinal);
        Assert.Contains("\"Period\"", queries["ReadRangeRows1Key"], StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServerScripts_SplitIntoBatchesOnGoLines()
    {
        const string Script = "CREATE TABLE a (x int);\nGO\n  go  -- comment\nSELECT 'GO' AS Category;\nGOTO label;\ngo\n";

        var batches = OrleansSchema.SplitSqlServerBatches(Script);

        Assert.Equal(["CREATE TABLE a (x int);", "SELECT 'GO' AS Category;\nGOTO label;"], batches);
    }

    [Fact]
    public void SqlServerScripts_HaveNoPostgreSqlSyntax()
    {
        foreach (var script in OrleansSchema.GetScripts(DatabaseProvider.SqlServer))
        {
            foreach (var token in new[] { "$query$", "ON CONFLICT", "RETURNING", "IS NOT DISTINCT FROM", "timestamptz", "bytea", "::" })
            {
                Assert.DoesNotContain(token, script.Sql, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static IReadOnlyDictionary<string, string> Parse(DatabaseProvider provider) =>
        ScriptQueries.Parse(provider, OrleansSchema.GetScripts(provider).Select(s => s.Sql));
}
