using System.Collections.Concurrent;
using Battleship.Grains.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Battleship.Grains.Tests.Ladder;

/// <summary>
/// An in-process Orleans test cluster (one silo) for the ladder and agent grains: memory storage
/// under every <see cref="StorageNames"/> name, in-memory reminders, <c>AddBattleshipGrains()</c>,
/// a <see cref="GameClock"/> on a <see cref="FakeTimeProvider"/> starting at <see cref="Start"/>,
/// and a <see cref="RecordingGameArchive"/> as the <see cref="IGameArchive"/>.
/// </summary>
/// <remarks>
/// Kept apart from the shared ClusterFixture of the room and match tests. The archive here is a
/// temporary stand-in: when the PostgreSQL archive lands, register it in
/// <see cref="LadderSiloConfigurator"/> instead (and assert against the database).
/// </remarks>
public class LadderClusterFixture : IAsyncLifetime
{
    /// <summary>The fake clock's time when the silo starts.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestCluster? _cluster;

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The silo's services.</summary>
    public IServiceProvider SiloServices =>
        Cluster.GetSiloServiceProvider(Cluster.Primary?.SiloAddress ?? throw new InvalidOperationException("The cluster has no silo."));

    /// <summary>The fake time behind the silo's <see cref="GameClock"/>.</summary>
    public FakeTimeProvider Time => (FakeTimeProvider)SiloServices.GetRequiredService<GameClock>().Time;

    /// <summary>The silo's archive, which records every call.</summary>
    public RecordingGameArchive Archive => (RecordingGameArchive)SiloServices.GetRequiredService<IGameArchive>();

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<LadderSiloConfigurator>();
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
        GC.SuppressFinalize(this);
    }

    /// <summary>Adds configuration to the cluster before it is built.</summary>
    protected virtual void Configure(TestClusterBuilder builder) { }
}

/// <summary>The collection of tests that share one <see cref="LadderClusterFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class LadderClusterDefinition : ICollectionFixture<LadderClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Ladder cluster";
}

/// <summary>The silo of <see cref="LadderClusterFixture"/>.</summary>
public sealed class LadderSiloConfigurator : ISiloConfigurator
{
    /// <inheritdoc />
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddMemoryGrainStorage(StorageNames.Users);
        siloBuilder.AddMemoryGrainStorage(StorageNames.Rooms);
        siloBuilder.AddMemoryGrainStorage(StorageNames.Matches);
        siloBuilder.AddMemoryGrainStorage(StorageNames.Agents);
        siloBuilder.UseInMemoryReminderService();
        siloBuilder.Services.AddSingleton(new GameClock(new FakeTimeProvider(LadderClusterFixture.Start)));
        siloBuilder.Services.AddSingleton<IGameArchive, RecordingGameArchive>();
        siloBuilder.Services.AddBattleshipGrains();
    }
}

/// <summary>
/// TEMPORARY stand-in for the PostgreSQL archive: records every call in memory so tests can
/// assert what the grains mirrored. Replace with the real archive when it lands.
/// </summary>
public sealed class RecordingGameArchive : IGameArchive
{
    private readonly ConcurrentDictionary<(string Issuer, string Subject), Guid> _users = new();

    /// <summary>Every agent upserted, in call order.</summary>
    public ConcurrentQueue<AgentProfile> UpsertedAgents { get; } = new();

    /// <summary>Every agent id deleted, in call order.</summary>
    public ConcurrentQueue<Guid> DeletedAgents { get; } = new();

    /// <summary>Every display name change, in call order.</summary>
    public ConcurrentQueue<(Guid UserId, string DisplayName)> DisplayNames { get; } = new();

    /// <summary>Every room upserted, in call order.</summary>
    public ConcurrentQueue<RoomView> UpsertedRooms { get; } = new();

    /// <summary>Every match archived with its rating changes, in call order.</summary>
    public ConcurrentQueue<(MatchReplay Match, IReadOnlyList<RatingChange> RatingChanges)> ArchivedMatches { get; } = new();

    /// <inheritdoc />
    public Task<ResolvedUser> ResolveUserAsync(UserIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var created = false;
        var id = _users.GetOrAdd(
            (identity.Issuer, identity.Subject),
            _ =>
            {
                created = true;
                return Guid.NewGuid();
            }
        );
        return Task.FromResult(new ResolvedUser(id, created));
    }

    /// <inheritdoc />
    public Task UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default)
    {
        DisplayNames.Enqueue((userId, displayName));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default)
    {
        UpsertedAgents.Enqueue(agent);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default)
    {
        DeletedAgents.Enqueue(agentId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpsertRoomAsync(RoomView room, CancellationToken cancellationToken = default)
    {
        UpsertedRooms.Enqueue(room);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ArchiveMatchAsync(
        MatchReplay match,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        IReadOnlyList<RatingChange> ratingChanges,
        CancellationToken cancellationToken = default
    )
    {
        ArchivedMatches.Enqueue((match, ratingChanges));
        return Task.CompletedTask;
    }
}
