using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// The real game grains on a <see cref="GameCluster"/> (one test silo, memory storage, a fake game
/// clock so turn clocks never run out, the real PostgreSQL archive) and the gateway in a test
/// server whose Orleans client is the cluster's client.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    /// <summary>The fake game clock's time when the silo starts.</summary>
    public static readonly DateTimeOffset Start = GameCluster.Start;

    private GameCluster? _game;
    private GatewayFactory? _factory;

    public TestCluster Cluster => Game.Cluster;

    /// <summary>The gateway under test (shared by the tests of the collection).</summary>
    public GatewayFactory Gateway => _factory ?? throw new InvalidOperationException("The gateway is not started.");

    /// <summary>The archive database's connection string.</summary>
    public string ConnectionString => Game.Database.ConnectionString;

    /// <summary>The archive database (to take it offline, for example).</summary>
    public PostgresDatabase Database => Game.Database;

    /// <summary>The grain factory of the cluster's client, for arranging state directly.</summary>
    public IGrainFactory Grains => Cluster.Client;

    private GameCluster Game => _game ?? throw new InvalidOperationException("The cluster is not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _game = await GameCluster.StartAsync();
        _factory = CreateGateway();
        _ = _factory.Server; // start the host now, not in the first test
    }

    /// <summary>A separate gateway on the same cluster, with extra settings (for example tight rate limits) or services.</summary>
    public GatewayFactory CreateGateway(
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Testing",
        Action<IServiceCollection>? services = null
    ) => new(Cluster.Client, ConnectionString, settings ?? new Dictionary<string, string?>(), environment, services);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_game is not null)
        {
            await _game.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one <see cref="GatewayFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}

/// <summary>
/// Tests that take the database away: a <see cref="GatewayFixture"/> of their own, so no other test
/// sees the outage, run alone, so that their gateway's grain calls do not reach the counters other
/// tests read (the gateway's meter is shared by the process).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OutageCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "database outage";
}
