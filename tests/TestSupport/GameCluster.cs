using System.Globalization;
using Battleship.Db;
using Battleship.Db.Archive;
using Battleship.Db.Orleans;
using Battleship.Grains;
using Battleship.Grains.Placement;
using Battleship.Hosting.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

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
    private const string TrainerSilosKey = "Tests:TrainerSilos";
    private const string DurableStateKey = "Tests:DurableState";

    /// <summary>Whether the silo being configured is one of the trainer silos (for configurators that add trainer services).</summary>
    /// <param name="siloBuilder">The silo's builder.</param>
    public static bool IsTrainer(ISiloBuilder siloBuilder)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        // Test silos are numbered by port: the primary has the base port, silo n the base port + n.
        var configuration = siloBuilder.Configuration;
        var trainers = int.Parse(configuration[TrainerSilosKey] ?? "0", CultureInfo.InvariantCulture);
        var index =
            int.Parse(configuration["Orleans:Endpoints:SiloPort"] ?? "0", CultureInfo.InvariantCulture)
            - int.Parse(configuration["BaseSiloPort"] ?? "0", CultureInfo.InvariantCulture);
        return trainers > 0 && index >= 1; // silos added later (StartAdditionalSiloAsync) are trainers too
    }

    private GameCluster(PostgresDatabase database, TestCluster cluster)
    {
        Database = database;
        Cluster = cluster;
    }

    public PostgresDatabase Database { get; }

    public TestCluster Cluster { get; }

    /// <summary>
    /// Creates and migrates the archive database, then deploys the cluster: one game silo (the
    /// primary) and <paramref name="trainerSilos"/> silos whose metadata says <c>role=trainer</c>.
    /// </summary>
    /// <param name="configure">Adds configuration (more silo configurators, say) before the cluster is built.</param>
    /// <param name="trainerSilos">How many trainer silos join the game silo.</param>
    /// <param name="durableState">
    /// Grain state in the test database (the project's Orleans ADO.NET schema, serialized with
    /// System.Text.Json as the silos do) instead of memory, so that state outlives the silo that wrote it.
    /// </param>
    public static async Task<GameCluster> StartAsync(
        Action<TestClusterBuilder>? configure = null,
        int trainerSilos = 0,
        bool durableState = false
    )
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        try
        {
            await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, database.ConnectionString);
            if (durableState)
            {
                await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString);
            }
            var builder = new TestClusterBuilder((short)(1 + trainerSilos));
            builder.Properties[ArchiveConnectionKey] = database.ConnectionString;
            builder.Properties[TrainerSilosKey] = trainerSilos.ToString(CultureInfo.InvariantCulture);
            builder.Properties[DurableStateKey] = durableState ? "true" : "false";
            builder.AddSiloBuilderConfigurator<SiloConfigurator>();
            builder.AddClientBuilderConfigurator<ClientConfigurator>();
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

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddBattleshipExceptionSerialization(); // as the gateway's client has it (ClusterHostingExtensions)
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var durable = siloBuilder.Configuration[DurableStateKey] == "true";
            if (durable)
            {
                siloBuilder.UseSystemTextJsonGrainStorageSerializer(); // as the silos store it (ClusterHostingExtensions)
            }
            foreach (var name in StorageNames.All)
            {
                if (durable)
                {
                    siloBuilder.AddAdoNetGrainStorage(
                        name,
                        o =>
                        {
                            o.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                            o.ConnectionString = siloBuilder.Configuration[ArchiveConnectionKey];
                        }
                    );
                }
                else
                {
                    siloBuilder.AddMemoryGrainStorage(name);
                }
            }
            siloBuilder.UseInMemoryReminderService();
            var role = IsTrainer(siloBuilder) ? TrainerSilosOnlyStrategy.TrainerRole : "game"; // as SiloSettings.RoleName
            siloBuilder.UseSiloMetadata(new Dictionary<string, string> { [TrainerSilosOnlyStrategy.RoleKey] = role });
            siloBuilder.Services.AddTrainerPlacement();
            siloBuilder.Services.AddSingleton(new GameClock(new FakeTimeProvider(Start)));
            siloBuilder.Services.AddSqlGameArchive(DatabaseProvider.PostgreSql, siloBuilder.Configuration[ArchiveConnectionKey]!);
            siloBuilder.Services.AddBattleshipGrains();
        }
    }
}
