using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Grains.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Db.Tests.Archive;

/// <summary>
/// A fresh PostgreSQL database with the archive migrated to the latest migration, and the archive
/// services registered on it the way a host does (<c>AddBattleshipArchive</c>). Use one per test
/// class; tests that share it use fresh ids so they do not see each other's rows.
/// </summary>
public sealed class MigratedArchive : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private ServiceProvider? _services;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>
    /// A migrated archive for one test alone (disposed by <c>await using</c>): for a test that reads
    /// across the whole archive (the ladder), where another test's rows would be in the way.
    /// </summary>
    public static async Task<MigratedArchive> NewAsync()
    {
        var archive = new MigratedArchive();
        await archive.InitializeAsync();
        return archive;
    }

    /// <summary>The store, as the application gets it.</summary>
    public TestArchive Store => new(Services);

    /// <summary>The match log, as the application gets it.</summary>
    public IMatchLogStore Log => Services.GetRequiredService<IMatchLogStore>();

    /// <summary>The context factory, as the application gets it.</summary>
    public IDbContextFactory<ArchiveDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<ArchiveDbContext>>();

    private ServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>A match store whose archive transaction runs <paramref name="beforeCommit"/> just before it commits.</summary>
    public MatchStore StoreWithHook(Func<ArchiveDbContext, CancellationToken, Task> beforeCommit) =>
        new(new ArchiveWriter(Contexts), beforeCommit);

    /// <summary>
    /// Plays a match built by <see cref="ArchiveData.Match"/> into the log (once: the moves are
    /// appended only when the log is empty) and archives it, as the match grain does at the end.
    /// </summary>
    public async Task<ArchivedMatch> ArchiveAsync(
        MatchArchive match,
        Glicko2 ratingSystem,
        CancellationToken cancellationToken,
        MatchStore? store = null
    )
    {
        if ((await Log.ReadAsync(match.Id, cancellationToken)).Count == 0)
        {
            await Log.AppendAsync(match.Id, ArchiveData.LogEntries(match), cancellationToken);
        }
        return await (store ?? Store.Matches).ArchiveFinishedMatchAsync(match, ratingSystem, cancellationToken);
    }

    /// <summary>
    /// A store whose contexts do not retry transient failures (EF Core's retrying execution
    /// strategy would hide a deadlock that the database resolved by aborting one transaction).
    /// </summary>
    public MatchStore StoreWithoutRetries()
    {
        var contexts = new NonRetryingContexts(
            new DbContextOptionsBuilder<PostgreSqlArchiveDbContext>()
                .UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsHistoryTable(ArchiveDbContext.MigrationsHistoryTable))
                .Options
        );
        return new(new ArchiveWriter(contexts));
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, ConnectionString);
        _services = new ServiceCollection().AddBattleshipArchive(DatabaseProvider.PostgreSql, ConnectionString).BuildServiceProvider();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    /// <summary>Runs a scalar query and returns its value as a long (counts).</summary>
    public async Task<long> CountAsync(string sql, params object[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc cref="PlainSql.ScalarAsync"/>
    public Task<object?> ScalarAsync(string sql, params object[] parameters) => PlainSql.ScalarAsync(ConnectionString, sql, parameters);

    /// <summary>Runs a statement; parameters are <c>$1</c>, <c>$2</c> … in order.</summary>
    public Task<int> ExecuteAsync(string sql, params object[] parameters) => PlainSql.ExecuteAsync(ConnectionString, sql, parameters);

    private sealed class NonRetryingContexts(DbContextOptions<PostgreSqlArchiveDbContext> options) : IDbContextFactory<ArchiveDbContext>
    {
        public ArchiveDbContext CreateDbContext() => new PostgreSqlArchiveDbContext(options);
    }
}

/// <summary>A test class with a <see cref="MigratedArchive"/> of its own, which its tests share.</summary>
public abstract class ArchiveTests(MigratedArchive archive) : IClassFixture<MigratedArchive>
{
    /// <summary>The class's archive: its database, services and log.</summary>
    protected MigratedArchive Fixture { get; } = archive;

    protected TestArchive Store => Fixture.Store;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
}
