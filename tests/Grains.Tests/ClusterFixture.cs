using Battleship.Db;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ArchiveMigrator = Battleship.Db.Archive.ArchiveMigrator;
using IArchiveStore = Battleship.Db.Archive.IArchiveStore;

namespace Battleship.Grains.Tests;

/// <summary>
/// An in-process Orleans test cluster (one silo) with the game grains, memory grain storage and
/// reminders, a <see cref="GameClock"/> on a <see cref="FakeTimeProvider"/> starting at
/// <see cref="Start"/>, and the real relational archive on a fresh PostgreSQL database.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>The fake clock's time when the silo starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private const string ArchiveConnectionKey = "Tests:ArchiveConnectionString";
    private readonly PostgresDatabase _database = new();
    private TestCluster? _cluster;

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's services.</summary>
    public IServiceProvider SiloServices =>
        Cluster.GetSiloServiceProvider(Cluster.Primary?.SiloAddress ?? throw new InvalidOperationException("The cluster has no silo."));

    /// <summary>The fake time behind the silo's <see cref="GameClock"/>.</summary>
    public FakeTimeProvider Time => (FakeTimeProvider)SiloServices.GetRequiredService<GameClock>().Time;

    /// <summary>The archive the grains write to (a real PostgreSQL database), for assertions.</summary>
    public IArchiveStore Archive => SiloServices.GetRequiredService<IArchiveStore>();

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, _database.ConnectionString);
        var builder = new TestClusterBuilder(1);
        builder.Properties[ArchiveConnectionKey] = _database.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Configure(builder);
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Signs in a new user through the identity grain and returns it as a participant.</summary>
    public async Task<Models.Participant> NewUserAsync(string name = "player")
    {
        var subject = Guid.NewGuid().ToString("N");
        var resolved = await Grains
            .GetGrain<IIdentityGrain>(IIdentityGrain.KeyOf("test", subject))
            .ResolveAsync(new Models.UserIdentity("test", subject, name));
        return Models.Participant.User(resolved.UserId, name);
    }

    /// <summary>Adds configuration to the cluster before it is built.</summary>
    protected virtual void Configure(TestClusterBuilder builder) { }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder
                .AddMemoryGrainStorage(StorageNames.Users)
                .AddMemoryGrainStorage(StorageNames.Rooms)
                .AddMemoryGrainStorage(StorageNames.Matches)
                .AddMemoryGrainStorage(StorageNames.Agents)
                .UseInMemoryReminderService();
            siloBuilder.Services.AddSingleton(new GameClock(new FakeTimeProvider(Start)));
            siloBuilder.Services.AddSqlGameArchive(DatabaseProvider.PostgreSql, siloBuilder.Configuration[ArchiveConnectionKey]!);
            siloBuilder.Services.AddBattleshipGrains();
        }
    }
}

/// <summary>The tests that share one <see cref="ClusterFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster";
}
