using Battleship.Db;
using Battleship.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ArchiveMigrator = Battleship.Db.Archive.ArchiveMigrator;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// The real game grains on an in-process Orleans test cluster (one silo, memory grain storage and
/// reminders, the game clock on a <see cref="FakeTimeProvider"/> so turn clocks never run out),
/// the real relational archive on a fresh PostgreSQL database, and the gateway in a test server
/// whose Orleans client is the cluster's client.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>The fake game clock's time when the silo starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private const string ArchiveConnectionKey = "Tests:ArchiveConnectionString";
    private readonly PostgresDatabase _database = new();
    private TestCluster? _cluster;
    private GatewayFactory? _factory;

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The gateway under test (shared by the tests of the collection).</summary>
    public GatewayFactory Gateway => _factory ?? throw new InvalidOperationException("The gateway is not started.");

    /// <summary>The archive database's connection string.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <summary>The grain factory of the cluster's client, for arranging state directly.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, _database.ConnectionString);
        var builder = new TestClusterBuilder(1);
        builder.Properties[ArchiveConnectionKey] = _database.ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _factory = CreateGateway();
        _ = _factory.Server; // start the host now, not in the first test
    }

    /// <summary>A separate gateway on the same cluster, with extra settings (for example tight rate limits).</summary>
    public GatewayFactory CreateGateway(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Testing") =>
        new(Cluster.Client, _database.ConnectionString, settings ?? new Dictionary<string, string?>(), environment);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

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

/// <summary>The tests that share one <see cref="GatewayFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "gateway";
}
