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
        await using var database = await MigratingDatabase.NewAsync();

        await database.MigrateAsync();
        Assert.Equal(AllTables, await database.TablesAsync());
        Assert.All(await database.ListMigrationsAsync(), m => Assert.True(m.Applied));

        await database.MigrateAsync(ArchiveMigrator.Empty);
        Assert.Empty(await database.TablesAsync());
        Assert.All(await database.ListMigrationsAsync(), m => Assert.False(m.Applied));

        await database.MigrateAsync();
        Assert.Equal(AllTables, await database.TablesAsync());
    }

    [Fact]
    public async Task Migrate_DownToANamedMigration_RevertsOnlyTheLaterOnes()
    {
        await using var database = await MigratingDatabase.NewAsync();
        await database.MigrateAsync();

        await database.MigrateAsync("InitialArchive");

        Assert.Equal(FirstMigrationTables, await database.TablesAsync());
        var migrations = await database.ListMigrationsAsync();
        Assert.Equal(["InitialArchive", "RatingsAndTraining", "MatchLog", "RatingsLadderIndex"], migrations.Select(m => m.Name));
        Assert.Equal([true, false, false, false], migrations.Select(m => m.Applied));
    }

    [Fact]
    public async Task MatchLog_UpMovesTheArchivedMovesIntoTheLog_AndDownPutsThemBack()
    {
        await using var database = await MigratingDatabase.NewAsync();
        await database.MigrateAsync("RatingsAndTraining");
        var matchId = Guid.NewGuid();
        var agentOne = Guid.NewGuid();
        var agentTwo = Guid.NewGuid();
        await database.ExecuteAsync(
            "insert into agents (id, name, kind, policy, is_builtin, created_at) values ($1, 'one', 'Heuristic', 'random', false, now()), ($2, 'two', 'Heuristic', 'random', false, now())",
            agentOne,
            agentTwo
        );
        await database.ExecuteAsync(
            "insert into matches (id, player_one_agent_id, player_two_agent_id, rules, first_player, fleet_one, fleet_two, winner, end_reason, started_at, finished_at, move_count) "
                + "values ($1, $2, $3, 'classic', 0, '[]', '[]', 0, 'Resign', now(), now(), 3)",
            matchId,
            agentOne,
            agentTwo
        );
        await database.ExecuteAsync(
            "insert into moves (match_id, number, player, kind, cell, outcome, sunk_ship, at) values "
                + "($1, 1, 0, 'Shot', 5, 'Miss', null, now()), ($1, 2, 1, 'Shot', 6, 'Hit', null, now()), ($1, 3, 0, 'Resign', null, null, null, now())",
            matchId
        );

        await database.MigrateAsync();

        Assert.Equal(AllTables, await database.TablesAsync());
        await using (
            var services = new ServiceCollection()
                .AddBattleshipArchive(DatabaseProvider.PostgreSql, database.ConnectionString)
                .BuildServiceProvider()
        )
        {
            var replay = await new TestArchive(services).GetMatchAsync(matchId, Ct);
            Assert.NotNull(replay);
            Assert.Equal(
                [(1, 0, MoveRecordKind.Shot, (int?)5), (2, 1, MoveRecordKind.Shot, 6), (3, 0, MoveRecordKind.Resign, null)],
                replay.Moves.Select(m => (m.Number, m.Player, m.Kind, m.Cell))
            );
            // A log entry that is no move (a chat line) is not a move when the archive goes back down.
            await services
                .GetRequiredService<IMatchLogStore>()
                .AppendAsync(matchId, [new MatchLogEntry(4, MatchLogKind.Chat, null, null, null, null, DateTimeOffset.UtcNow, "{}")], Ct);
        }

        await database.MigrateAsync("RatingsAndTraining");

        Assert.Equal(BeforeTheLog, await database.TablesAsync());
        Assert.Equal(3, await database.CountAsync("select count(*) from moves where match_id = $1", matchId));
        Assert.Equal(
            1,
            await database.CountAsync(
                "select count(*) from moves where match_id = $1 and number = 2 and kind = 'Shot' and cell = 6",
                matchId
            )
        );
    }

    [Fact]
    public async Task RatingsLadderIndex_UpReplacesTheRatingIndexWithTheLadderOrder_AndDownRestoresIt()
    {
        await using var database = await MigratingDatabase.NewAsync();
        const string Before = "CREATE INDEX ix_ratings_rating_deviation ON public.ratings USING btree (rating DESC, deviation)";
        const string After = "CREATE INDEX ix_ratings_rating_deviation_id ON public.ratings USING btree (rating DESC, deviation, id)";

        await database.MigrateAsync("RatingsAndTraining");
        var down = await database.RatingIndexesAsync();
        await database.MigrateAsync("RatingsLadderIndex");
        var up = await database.RatingIndexesAsync();
        await database.MigrateAsync("RatingsAndTraining");
        var downAgain = await database.RatingIndexesAsync();

        Assert.Contains(Before, down);
        Assert.DoesNotContain(After, down);
        Assert.Contains(After, up);
        Assert.DoesNotContain(Before, up);
        Assert.Equal(down, downAgain);
    }

    [Fact]
    public async Task Migrate_UpToANamedMigration_AppliesOnlyUpToIt()
    {
        await using var database = await MigratingDatabase.NewAsync();

        await database.MigrateAsync("InitialArchive");

        Assert.Equal(FirstMigrationTables, await database.TablesAsync());
    }

    [Fact]
    public async Task Migrate_UnknownTarget_Throws_AndChangesNothing()
    {
        await using var database = await MigratingDatabase.NewAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync("NoSuchMigration"));

        Assert.Contains("NoSuchMigration", error.Message, StringComparison.Ordinal);
        Assert.Empty(await database.TablesAsync());
    }

    [Fact]
    public async Task ForeignKeys_HaveTheDocumentedDeleteRules()
    {
        await using var database = await MigratingDatabase.NewAsync();
        await database.MigrateAsync();

        var rules = await database.ReadAsync(
            "select constraint_name, delete_rule from information_schema.referential_constraints where constraint_schema = 'public'",
            row => KeyValuePair.Create(row.GetString(0), row.GetString(1))
        );

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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An empty database for one test (disposed by <c>await using</c>), whose archive the tests migrate up and down.</summary>
    private sealed class MigratingDatabase : IAsyncDisposable
    {
        private readonly PostgresDatabase _database = new();
        private readonly ArchiveMigrator _migrator = new();

        public string ConnectionString => _database.ConnectionString;

        public static async Task<MigratingDatabase> NewAsync()
        {
            var database = new MigratingDatabase();
            await database._database.InitializeAsync();
            return database;
        }

        /// <summary>Migrates the archive to <paramref name="target"/> (<see cref="ArchiveMigrator.MigrateAsync"/>): the latest migration when null.</summary>
        public Task MigrateAsync(string? target = null) =>
            _migrator.MigrateAsync(DatabaseProvider.PostgreSql, ConnectionString, target, Ct);

        public Task<IReadOnlyList<ArchiveMigration>> ListMigrationsAsync() =>
            _migrator.ListMigrationsAsync(DatabaseProvider.PostgreSql, ConnectionString, Ct);

        /// <summary>The archive's tables in the public schema, without the migrations history table.</summary>
        public Task<List<string>> TablesAsync() =>
            ReadAsync(
                "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> $1 order by table_name collate \"C\"",
                row => row.GetString(0),
                ArchiveDbContext.MigrationsHistoryTable
            );

        /// <summary>The definitions of the indexes on <c>ratings</c>, ordered.</summary>
        public Task<List<string>> RatingIndexesAsync() =>
            ReadAsync(
                "select indexdef from pg_indexes where schemaname = 'public' and tablename = 'ratings' order by indexname collate \"C\"",
                row => row.GetString(0)
            );

        public Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] parameters) =>
            PlainSql.QueryAsync(ConnectionString, sql, read, parameters);

        public Task<int> ExecuteAsync(string sql, params object[] parameters) => PlainSql.ExecuteAsync(ConnectionString, sql, parameters);

        public async Task<long> CountAsync(string sql, params object[] parameters) =>
            (long)(await PlainSql.ScalarAsync(ConnectionString, sql, parameters))!;

        public ValueTask DisposeAsync() => _database.DisposeAsync();
    }
}
