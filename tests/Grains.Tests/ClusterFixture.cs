using Battleship.Grains.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Battleship.Grains.Tests;

/// <summary>
/// An in-process Orleans test cluster with the game grains, memory storage and reminders, and a
/// fake game clock. Shared by the tests of <see cref="ClusterCollection"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The game clock of every silo of the cluster (in-process silos share it).</summary>
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The archive the grains write to.</summary>
    public static RecordingGameArchive Archive { get; } = new();

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; } = new TestClusterBuilder(1).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    /// <summary>The cluster's grain factory (its client).</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
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
            siloBuilder.Services.AddSingleton(new GameClock(Time));
            siloBuilder.Services.AddSingleton<IGameArchive>(Archive);
            siloBuilder.Services.AddBattleshipGrains();
        }
    }
}

/// <summary>The tests that share one <see cref="ClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster";
}
