using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Battleship.Grains.Tests;

/// <summary>
/// The game grains on a <see cref="GameCluster"/> (one test silo, memory storage, a fake game
/// clock, the real PostgreSQL archive), with accessors for the silo's services.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>The fake clock's time when the silo starts.</summary>
    public static readonly DateTimeOffset Start = GameCluster.Start;

    private GameCluster? _game;

    public TestCluster Cluster => (_game ?? throw new InvalidOperationException("The cluster is not started.")).Cluster;

    public IGrainFactory Grains => Cluster.Client;

    public IServiceProvider SiloServices =>
        Cluster.GetSiloServiceProvider(Cluster.Primary?.SiloAddress ?? throw new InvalidOperationException("The cluster has no silo."));

    /// <summary>The fake time behind the silo's <see cref="GameClock"/>.</summary>
    public FakeTimeProvider Time => (FakeTimeProvider)SiloServices.GetRequiredService<GameClock>().Time;

    /// <summary>The archive the grains write to (a real PostgreSQL database), for assertions.</summary>
    public TestArchive Archive => new(SiloServices);

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _game = await GameCluster.StartAsync(Configure);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_game is not null)
        {
            await _game.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Signs in a new user through the identity grain and returns it as a participant.</summary>
    public async Task<Participant> NewUserAsync(string name = "player")
    {
        var subject = Guid.NewGuid().ToString("N");
        var resolved = await Grains
            .GetGrain<IIdentityGrain>(IIdentityGrain.KeyOf("test", subject))
            .ResolveAsync(new UserIdentity("test", subject, name));
        return Participant.User(resolved.UserId, name);
    }

    /// <summary>Adds configuration to the cluster before it is built.</summary>
    protected virtual void Configure(TestClusterBuilder builder) { }
}

/// <summary>The tests that share one <see cref="ClusterFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A test class of the <see cref="ClusterCollection"/>: its tests share the collection's cluster.</summary>
[Collection(ClusterCollection.Name)]
public abstract class ClusterTests(ClusterFixture fixture)
{
    /// <summary>The collection's cluster, its grains, its clock and its archive.</summary>
    protected ClusterFixture Fixture { get; } = fixture;
}
