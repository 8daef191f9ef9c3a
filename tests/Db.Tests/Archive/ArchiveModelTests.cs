using Battleship.Db.Archive;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Battleship.Db.Tests.Archive;

/// <summary>
/// Checks of the model and both migration sets that need no server: this is how the SQL Server side
/// is kept honest here, where only PostgreSQL runs.
/// </summary>
public sealed class ArchiveModelTests
{
    private const string PostgresPlaceholder = "Host=localhost;Database=offline";
    private const string SqlServerPlaceholder = "Server=localhost;Database=offline;TrustServerCertificate=True";

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_MatchTheCurrentModel(DatabaseProvider provider)
    {
        using var context = Context(provider);

        Assert.False(
            context.Database.HasPendingModelChanges(),
            $"The {provider} migrations are behind the model: add a migration for both engines (docs/data-model.md)."
        );
    }

    [Fact]
    public void BothEngines_HaveTheSameMigrations()
    {
        using var postgres = Context(DatabaseProvider.PostgreSql);
        using var sqlServer = Context(DatabaseProvider.SqlServer);

        Assert.Equal(Names(postgres.Database.GetMigrations()), Names(sqlServer.Database.GetMigrations()));
        Assert.Equal(["InitialArchive", "RatingsAndTraining", "MatchLog", "RatingsLadderIndex"], Names(postgres.Database.GetMigrations()));

        static string[] Names(IEnumerable<string> ids) => [.. ids.Select(id => id[15..])];
    }

    [Fact]
    public void BothEngines_UseTheSameTablesColumnsKeysAndIndexes()
    {
        Assert.Equal(Shape(DatabaseProvider.PostgreSql), Shape(DatabaseProvider.SqlServer));
    }

    [Fact]
    public void SqlServerChecks_AreThePostgreSqlChecksPlusJsonValidation()
    {
        var postgres = Checks(DatabaseProvider.PostgreSql);
        var sqlServer = Checks(DatabaseProvider.SqlServer);

        Assert.Subset(sqlServer.ToHashSet(), postgres.ToHashSet());
        Assert.Equal(
            ["ck_matches_fleet_one_json", "ck_matches_fleet_two_json", "ck_training_jobs_config_json", "ck_training_jobs_progress_json"],
            sqlServer.Except(postgres).Order(StringComparer.Ordinal)
        );
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void CascadeAndSetNullPaths_ReachNoTableTwice(DatabaseProvider provider)
    {
        // SQL Server refuses a foreign key with a referential action when a delete could reach a
        // table along two paths of such actions, or come back to where it started (error 1785). It
        // counts SET NULL as such an action. The model keeps to that rule on both engines so they
        // behave alike; this is the rule, computed from the model.
        using var context = Context(provider);
        var edges = context
            .GetService<IDesignTimeModel>()
            .Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.SetNull)
            .Select(fk => (From: fk.PrincipalEntityType.GetTableName()!, To: fk.DeclaringEntityType.GetTableName()!))
            .ToList();
        foreach (var root in edges.Select(e => e.From).Distinct())
        {
            var reached = new List<string>();
            Walk(root);
            Assert.True(
                reached.Count == reached.Distinct().Count() && !reached.Contains(root),
                $"Deleting from {root} reaches {string.Join(", ", reached)}: a table twice, or {root} again."
            );

            void Walk(string table)
            {
                foreach (var edge in edges.Where(e => e.From == table))
                {
                    reached.Add(edge.To);
                    if (reached.Count < 100)
                    {
                        Walk(edge.To);
                    }
                }
            }
        }
    }

    [Fact]
    public void SqlServerScript_IsGeneratedWithoutAServer()
    {
        var script = ArchiveMigrator.GenerateScript(DatabaseProvider.SqlServer);

        Assert.Contains("CREATE TABLE [users]", script, StringComparison.Ordinal);
        Assert.Contains("[subject] nvarchar(256) COLLATE Latin1_General_100_BIN2 NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT [ck_matches_fleet_one_json] CHECK (ISJSON(fleet_one) = 1)", script, StringComparison.Ordinal);
        Assert.Contains("REFERENCES [matches] ([id]) ON DELETE CASCADE", script, StringComparison.Ordinal);
        Assert.Contains(
            "CREATE UNIQUE INDEX [ix_ratings_user_id] ON [ratings] ([user_id]) WHERE [user_id] IS NOT NULL",
            script,
            StringComparison.Ordinal
        );
        Assert.Contains("[__archive_migrations]", script, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServerDownScript_DropsEveryTable()
    {
        using var context = Context(DatabaseProvider.SqlServer);
        var latest = context.Database.GetMigrations().Last();

        var script = ArchiveMigrator.GenerateScript(DatabaseProvider.SqlServer, latest, ArchiveMigrator.Empty);

        foreach (var table in new[] { "match_log", "matches", "rooms", "agents", "users", "rating_history", "ratings", "training_jobs" })
        {
            Assert.Contains($"DROP TABLE [{table}]", script, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void IdempotentScript_GuardsEachMigration(DatabaseProvider provider)
    {
        var script = ArchiveMigrator.GenerateScript(provider, idempotent: true);

        Assert.Contains("InitialArchive", script, StringComparison.Ordinal);
        Assert.Contains("RatingsAndTraining", script, StringComparison.Ordinal);
        Assert.Contains(provider == DatabaseProvider.SqlServer ? "IF NOT EXISTS" : "IF NOT EXISTS(", script, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderNames_AreParsedFromConfigurationText()
    {
        Assert.Equal(DatabaseProvider.PostgreSql, DatabaseProviders.Parse("Npgsql"));
        Assert.Equal(DatabaseProvider.PostgreSql, DatabaseProviders.Parse("postgresql"));
        Assert.Equal(DatabaseProvider.SqlServer, DatabaseProviders.Parse("Microsoft.Data.SqlClient"));
        Assert.Equal(DatabaseProvider.SqlServer, DatabaseProviders.Parse(" SqlServer "));
        Assert.Throws<ArgumentException>(() => DatabaseProviders.Parse("sqlite"));
    }

    private static ArchiveDbContext Context(DatabaseProvider provider) =>
        ArchiveDatabase.CreateContext(provider, provider == DatabaseProvider.PostgreSql ? PostgresPlaceholder : SqlServerPlaceholder);

    private static string[] Shape(DatabaseProvider provider)
    {
        using var context = Context(provider);
        var model = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        return
        [
            .. model.Tables.SelectMany(table =>
                table
                    .Columns.Select(c => $"{table.Name}.{c.Name} null={c.IsNullable}")
                    .Concat(table.UniqueConstraints.Select(k => $"{table.Name} key {k.Name}"))
                    .Concat(
                        table.ForeignKeyConstraints.Select(fk => $"{table.Name} {fk.Name} → {fk.PrincipalTable.Name} {fk.OnDeleteAction}")
                    )
                    .Concat(table.Indexes.Select(i => $"{table.Name} {i.Name} unique={i.IsUnique}"))
            ),
        ];
    }

    private static string[] Checks(DatabaseProvider provider)
    {
        using var context = Context(provider);
        return
        [
            .. context
                .GetService<IDesignTimeModel>()
                .Model.GetEntityTypes()
                .SelectMany(e => e.GetCheckConstraints())
                .Select(c => c.Name!)
                .Order(StringComparer.Ordinal),
        ];
    }
}
