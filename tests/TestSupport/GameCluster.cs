using Battleship.Db;
using Battleship.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ArchiveMigrator = Battleship.Db.Archive.ArchiveMigrator;

namespace Battleship.TestSupport;

/// <summary>
/// The game grains on an in-process Orleans test cluster (one silo, memory grain storage and
/// reminders, the <see cref="GameClock"/> on a <see cref="FakeTimeProvider"/> starting at
/// <see cref="Start"/>, so turn clocks move only when a test advances them) with the real
/// relational archive on a fresh PostgreSQL database. The grain and gateway fixtures build on it.
/// </summary>
public sealed class GameCluster : IAsyncDisposable
{
    /// <summary>The fake game clock's time when the silo starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private const string ArchiveConnectionKey = "Tests:ArchiveConnectionString";

    private GameCluster(PostgresDatabase database, TestCluster cluster)
    {
        Database = database;
        Cluster = cluster;
    }

    /// <summary>The archive's database.</summary>
    public PostgresDatabase Database { get; }

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster { get; }

    /// <summary>Creates and migrates the archive database, then deploys the cluster.</summary>
    /// <param name="configure">Adds configuration (more silo configurators, say) before the cluster is built.</param>
    public static async Task<GameCluster> StartAsync(Action<TestClusterBuilder>? configure = null)
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        try
        {
            await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString);
            var builder = new TestClusterBuilder(1);
            builder.Properties[ArchiveConnectionKey] = database.ConnectionString;
            builder.AddSiloBuilderConfigurator<SiloConfigurator>();
            configure?.Invoke(builder);
            var cluster = builder.Build();
            await cluster.DeployAsync();
            return new GameCluster(database, cluster);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            foreach (var name in StorageNames.All)
            {
                siloBuilder.AddMemoryGrainStorage(name);
            }
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddSingleton(new GameClock(new FakeTimeProvider(Start)));
            siloBuilder.Services.AddSqlGameArchive(DatabaseProvider.PostgreSql, siloBuilder.Configuration[ArchiveConnectionKey]!);
            siloBuilder.Services.AddBattleshipGrains();
        }
    }
}
