using Battleship.Db.Archive;
using Battleship.Grains.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Battleship.Db.Tests.Archive;

/// <summary>The PostgreSQL migrations, applied to and reverted from a real database.</summary>
public sealed class ArchiveMigrationTests
{
    private static readonly string[] FirstMigrationTables = ["agents", "matches", "moves", "rooms", "users"];
    private static readonly string[] SecondMigrationTables = ["rating_history", "ratings", "training_jobs"];
    private static readonly string[] BeforeTheLog = [.. FirstMigrationTables.Concat(SecondMigrationTables).Order(StringComparer.Ordinal)];
    private static readonly string[] AllTables =
    [
        .. BeforeTheLog.Where(t => t != "moves").Append("match_log").Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async Task Migrate_UpThenDownToZeroThenUpAgain_CreatesDropsAndRecreatesEveryTable()
    {
        await using var database = await NewDatabaseAsync();
        var migrator = new ArchiveMigrator();
        var ct = TestContext.Current.CancellationToken;

        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, cancellationToken: ct);
        Assert.Equal(AllTables, await ArchiveTablesAsync(database.ConnectionString));
        Assert.All(
            await migrator.ListMigrationsAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct),
            m => Assert.True(m.Applied)
        );

        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ArchiveMigrator.Empty, ct);
        Assert.Empty(await ArchiveTablesAsync(database.ConnectionString));
        Assert.All(
            await migrator.ListMigrationsAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct),
            m => Assert.False(m.Applied)
        );

        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, cancellationToken: ct);
        Assert.Equal(AllTables, await ArchiveTablesAsync(database.ConnectionString));
    }

    [Fact]
    public async Task Migrate_DownToANamedMigration_RevertsOnlyTheLaterOnes()
    {
        await using var database = await NewDatabaseAsync();
        var migrator = new ArchiveMigrator();
        var ct = TestContext.Current.CancellationToken;
        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, cancellationToken: ct);

        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "InitialArchive", ct);

        Assert.Equal(FirstMigrationTables, await ArchiveTablesAsync(database.ConnectionString));
        var migrations = await migrator.ListMigrationsAsync(DatabaseProvider.PostgreSql, database.ConnectionString, ct);
        Assert.Equal(["InitialArchive", "RatingsAndTraining", "MatchLog", "RatingsLadderIndex"], migrations.Select(m => m.Name));
        Assert.Equal([true, false, false, false], migrations.Select(m => m.Applied));
    }

    [Fact]
    public async Task MatchLog_UpMovesTheArchivedMovesIntoTheLog_AndDownPutsThemBack()
    {
        await using var database = await NewDatabaseAsync();
        var migrator = new ArchiveMigrator();
        var ct = TestContext.Current.CancellationToken;
        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "RatingsAndTraining", ct);
        var matchId = Guid.NewGuid();
        var agentOne = Guid.NewGuid();
        var agentTwo = Guid.NewGuid();
        await ExecuteAsync(
            database.ConnectionString,
            "insert into agents (id, name, kind, policy, is_builtin, created_at) values ($1, 'one', 'Heuristic', 'random', false, now()), ($2, 'two', 'Heuristic', 'random', false, now())",
            agentOne,
            agentTwo
        );
        await ExecuteAsync(
            database.ConnectionString,
            "insert into matches (id, player_one_agent_id, player_two_agent_id, rules, first_player, fleet_one, fleet_two, winner, end_reason, started_at, finished_at, move_count) "
                + "values ($1, $2, $3, 'classic', 0, '[]', '[]', 0, 'Resign', now(), now(), 3)",
            matchId,
            agentOne,
            agentTwo
        );
        await ExecuteAsync(
            database.ConnectionString,
            "insert into moves (match_id, number, player, kind, cell, outcome, sunk_ship, at) values "
                + "($1, 1, 0, 'Shot', 5, 'Miss', null, now()), ($1, 2, 1, 'Shot', 6, 'Hit', null, now()), ($1, 3, 0, 'Resign', null, null, null, now())",
            matchId
        );

        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, cancellationToken: ct);

        Assert.Equal(AllTables, await ArchiveTablesAsync(database.ConnectionString));
        await using (
            var services = new ServiceCollection()
                .AddBattleshipArchive(DatabaseProvider.PostgreSql, database.ConnectionString)
                .BuildServiceProvider()
        )
        {
            var replay = await new TestArchive(services).GetMatchAsync(matchId, ct);
            Assert.NotNull(replay);
            Assert.Equal(
                [(1, 0, MoveRecordKind.Shot, (int?)5), (2, 1, MoveRecordKind.Shot, 6), (3, 0, MoveRecordKind.Resign, null)],
                replay.Moves.Select(m => (m.Number, m.Player, m.Kind, m.Cell))
            );
            // A log entry that is no move (a chat line) is not a move when the archive goes back down.
            await services
                .GetRequiredService<IMatchLogStore>()
                .AppendAsync(matchId, [new MatchLogEntry(4, MatchLogKind.Chat, null, null, null, null, DateTimeOffset.UtcNow, "{}")], ct);
        }

        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "RatingsAndTraining", ct);

        Assert.Equal(BeforeTheLog, await ArchiveTablesAsync(database.ConnectionString));
        Assert.Equal(3, await CountAsync(database.ConnectionString, "select count(*) from moves where match_id = $1", matchId));
        Assert.Equal(
            1,
            await CountAsync(
                database.ConnectionString,
                "select count(*) from moves where match_id = $1 and number = 2 and kind = 'Shot' and cell = 6",
                matchId
            )
        );
    }

    [Fact]
    public async Task RatingsLadderIndex_UpReplacesTheRatingIndexWithTheLadderOrder_AndDownRestoresIt()
    {
        await using var database = await NewDatabaseAsync();
        var migrator = new ArchiveMigrator();
        var ct = TestContext.Current.CancellationToken;
        const string Before = "CREATE INDEX ix_ratings_rating_deviation ON public.ratings USING btree (rating DESC, deviation)";
        const string After = "CREATE INDEX ix_ratings_rating_deviation_id ON public.ratings USING btree (rating DESC, deviation, id)";

        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "RatingsAndTraining", ct);
        var down = await RatingIndexesAsync(database.ConnectionString);
        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "RatingsLadderIndex", ct);
        var up = await RatingIndexesAsync(database.ConnectionString);
        await migrator.MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "RatingsAndTraining", ct);
        var downAgain = await RatingIndexesAsync(database.ConnectionString);

        Assert.Contains(Before, down);
        Assert.DoesNotContain(After, down);
        Assert.Contains(After, up);
        Assert.DoesNotContain(Before, up);
        Assert.Equal(down, downAgain);
    }

    [Fact]
    public async Task Migrate_UpToANamedMigration_AppliesOnlyUpToIt()
    {
        await using var database = await NewDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;

        await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "InitialArchive", ct);

        Assert.Equal(FirstMigrationTables, await ArchiveTablesAsync(database.ConnectionString));
    }

    [Fact]
    public async Task Migrate_UnknownTarget_Throws_AndChangesNothing()
    {
        await using var database = await NewDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString, "NoSuchMigration", ct)
        );

        Assert.Contains("NoSuchMigration", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ArchiveTablesAsync(database.ConnectionString));
    }

    [Fact]
    public async Task ForeignKeys_HaveTheDocumentedDeleteRules()
    {
        await using var database = await NewDatabaseAsync();
        await new ArchiveMigrator().MigrateAsync(
            DatabaseProvider.PostgreSql,
            database.ConnectionString,
            cancellationToken: TestContext.Current.CancellationToken
        );

        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "select constraint_name, delete_rule from information_schema.referential_constraints where constraint_schema = 'public'",
            connection
        );
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rules[reader.GetString(0)] = reader.GetString(1);
        }

        // The table in docs/data-model.md, foreign key by foreign key.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fk_agents_owner_user_id"] = "NO ACTION", // SET NULL done by the store
            ["fk_rooms_owner_user_id"] = "RESTRICT",
            ["fk_rooms_ai_agent_id"] = "NO ACTION", // SET NULL done by the store
            ["fk_matches_room_id"] = "SET NULL",
            ["fk_matches_player_one_user_id"] = "RESTRICT",
            ["fk_matches_player_two_user_id"] = "RESTRICT",
            ["fk_matches_player_one_agent_id"] = "RESTRICT",
            ["fk_matches_player_two_agent_id"] = "RESTRICT",
            ["fk_ratings_user_id"] = "CASCADE",
            ["fk_ratings_agent_id"] = "CASCADE",
            ["fk_rating_history_rating_id"] = "CASCADE",
            ["fk_rating_history_match_id"] = "SET NULL",
            ["fk_training_jobs_owner_user_id"] = "SET NULL",
            ["fk_training_jobs_agent_id"] = "SET NULL",
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), rules.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>The definitions of the indexes on <c>ratings</c>, ordered.</summary>
    private static async Task<string[]> RatingIndexesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "select indexdef from pg_indexes where schemaname = 'public' and tablename = 'ratings' order by indexname collate \"C\"",
            connection
        );
        var indexes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            indexes.Add(reader.GetString(0));
        }
        return [.. indexes];
    }

    /// <summary>The archive's tables in the public schema, without the migrations history table.</summary>
    private static async Task<string[]> ArchiveTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> $1 order by table_name collate \"C\"",
            connection
        );
        command.Parameters.Add(new NpgsqlParameter { Value = ArchiveDbContext.MigrationsHistoryTable });
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tables.Add(reader.GetString(0));
        }
        return [.. tables];
    }

    private static async Task ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<long> CountAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>An empty database for the length of one test (disposed by <c>await using</c>).</summary>
    private static async Task<PostgresDatabase> NewDatabaseAsync()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        return database;
    }
}
