using System.Net;
using Battleship.Db.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Battleship.Db.Tests.Orleans;

/// <summary>
/// Orleans' own ADO.NET membership table and gateway list, driven directly against this project's
/// PostgreSQL scripts. Each test uses a cluster id of its own, so no silo is disturbed.
/// </summary>
public class ClusteringTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, 125, DateTimeKind.Utc);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync() => await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, database.ConnectionString, Ct);

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Initialize_CreatesVersionZeroOnce()
    {
        var table = await TableAsync();
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);

        var data = await table.ReadAllAsync(Ct);

        Assert.Equal(0, data.Version.Version);
        Assert.Equal("0", data.Version.VersionEtag);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task InsertRow_AddsTheSiloAndAdvancesTheVersion()
    {
        var table = await TableAsync();
        var silo = Entry("10.0.0.1", 11111, SiloStatus.Joining, proxyPort: 30000);

        var inserted = await table.InsertRowAsync(silo, await NextVersionAsync(table), Ct);

        Assert.True(inserted);
        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version.Version);
        var (stored, _) = Assert.Single(data.Members);
        Assert.Equal(silo.SiloAddress, stored.SiloAddress);
        Assert.Equal("silo-10.0.0.1", stored.SiloName);
        Assert.Equal("host-10.0.0.1", stored.HostName);
        Assert.Equal(SiloStatus.Joining, stored.Status);
        Assert.Equal(30000, stored.ProxyPort);
        Assert.Equal(Start, stored.StartTime);
        Assert.Equal(Start, stored.IAmAliveTime);
        Assert.Null(stored.SuspectTimes);
    }

    [Fact]
    public async Task InsertRow_WithAStaleVersion_ChangesNothing()
    {
        var table = await TableAsync();
        var stale = (await table.ReadAllAsync(Ct)).Version;
        Assert.True(await table.InsertRowAsync(Entry("10.0.0.1", 11111, SiloStatus.Joining), stale.Next(), Ct));

        var inserted = await table.InsertRowAsync(Entry("10.0.0.2", 11111, SiloStatus.Joining), stale.Next(), Ct);

        Assert.False(inserted);
        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task InsertRow_ForASiloAlreadyPresent_ChangesNothing()
    {
        var table = await TableAsync();
        var silo = Entry("10.0.0.1", 11111, SiloStatus.Joining);
        await InsertAsync(table, silo);

        var inserted = await table.InsertRowAsync(silo, await NextVersionAsync(table), Ct);

        Assert.False(inserted);
        Assert.Equal(1, (await table.ReadAllAsync(Ct)).Version.Version);
    }

    [Fact]
    public async Task InsertRow_RacingWritersOnOneVersion_ExactlyOneWins()
    {
        var table = await TableAsync();
        var version = (await table.ReadAllAsync(Ct)).Version;

        var results = await Task.WhenAll(
            Enumerable
                .Range(1, 8)
                .Select(i => Task.Run(() => table.InsertRowAsync(Entry($"10.0.1.{i}", 11111, SiloStatus.Joining), version.Next(), Ct)))
        );

        Assert.Equal(1, results.Count(r => r));
        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task UpdateRow_ReplacesStatusSuspectsAndHeartbeat_AndAdvancesTheVersion()
    {
        var table = await TableAsync();
        var silo = Entry("10.0.0.1", 11111, SiloStatus.Joining);
        var accuser = SiloAddress.New(IPAddress.Parse("10.0.0.9"), 11111, 7);
        await InsertAsync(table, silo);
        var (current, etag) = (await table.ReadRowAsync(silo.SiloAddress, Ct)).Members[0];
        current.Status = SiloStatus.Active;
        current.IAmAliveTime = Start.AddSeconds(5);
        current.AddOrUpdateSuspector(accuser, Start.AddSeconds(4), 10);

        var updated = await table.UpdateRowAsync(current, etag, await NextVersionAsync(table), Ct);

        Assert.True(updated);
        var data = await table.ReadRowAsync(silo.SiloAddress, Ct);
        Assert.Equal(2, data.Version.Version);
        var stored = Assert.Single(data.Members).Item1;
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(Start.AddSeconds(5), stored.IAmAliveTime);
        var (suspector, time) = Assert.Single(stored.SuspectTimes!);
        Assert.Equal(accuser, suspector);
        Assert.Equal(Start.AddSeconds(4), time);
    }

    [Fact]
    public async Task UpdateRow_WithAStaleVersion_ChangesNothing()
    {
        var table = await TableAsync();
        var silo = Entry("10.0.0.1", 11111, SiloStatus.Joining);
        await InsertAsync(table, silo);
        var stale = (await table.ReadAllAsync(Ct)).Version;
        Assert.True(await table.InsertRowAsync(Entry("10.0.0.2", 11111, SiloStatus.Joining), stale.Next(), Ct));
        silo.Status = SiloStatus.Dead;

        var updated = await table.UpdateRowAsync(silo, "", stale.Next(), Ct);

        Assert.False(updated);
        var data = await table.ReadRowAsync(silo.SiloAddress, Ct);
        Assert.Equal(2, data.Version.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(data.Members).Item1.Status);
    }

    [Fact]
    public async Task UpdateRow_ForAnUnknownSilo_ChangesNothing()
    {
        var table = await TableAsync();

        var updated = await table.UpdateRowAsync(Entry("10.0.0.1", 11111, SiloStatus.Active), "", await NextVersionAsync(table), Ct);

        Assert.False(updated);
        Assert.Equal(0, (await table.ReadAllAsync(Ct)).Version.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheHeartbeat()
    {
        var table = await TableAsync();
        var silo = Entry("10.0.0.1", 11111, SiloStatus.Active);
        await InsertAsync(table, silo);
        silo.IAmAliveTime = Start.AddMinutes(1);
        silo.Status = SiloStatus.Dead;

        await table.UpdateIAmAliveAsync(silo, Ct);

        var data = await table.ReadRowAsync(silo.SiloAddress, Ct);
        Assert.Equal(1, data.Version.Version);
        var stored = Assert.Single(data.Members).Item1;
        Assert.Equal(Start.AddMinutes(1), stored.IAmAliveTime);
        Assert.Equal(SiloStatus.Active, stored.Status);
    }

    [Fact]
    public async Task ReadRow_ForAnUnknownSilo_StillReportsTheVersion()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry("10.0.0.1", 11111, SiloStatus.Active));

        var data = await table.ReadRowAsync(SiloAddress.New(IPAddress.Parse("10.0.0.1"), 11111, 2), Ct);

        Assert.Equal(1, data.Version.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task Gateways_AreTheActiveSilosThatHaveAProxyPort()
    {
        var table = await TableAsync();
        foreach (
            var entry in new[]
            {
                Entry("10.0.0.1", 11111, SiloStatus.Active, proxyPort: 30000),
                Entry("10.0.0.2", 11111, SiloStatus.Joining, proxyPort: 30000),
                Entry("10.0.0.3", 11111, SiloStatus.Active, proxyPort: 0),
                Entry("10.0.0.4", 11111, SiloStatus.Dead, proxyPort: 30000),
            }
        )
        {
            await InsertAsync(table, entry);
        }

        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(
                new AdoNetClusteringClientOptions
                {
                    Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant(),
                    ConnectionString = database.ConnectionString,
                }
            ),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = _clusterId })
        );
        await gateways.InitializeGatewayListProviderAsync(Ct);

        var uris = await gateways.GetGatewaysAsync(Ct);

        Assert.Equal([SiloAddress.New(IPAddress.Parse("10.0.0.1"), 30000, 1).ToGatewayUri()], uris);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOnlyDeadSilosSilentSinceTheCutoff()
    {
        var table = await TableAsync();
        var oldDead = Entry("10.0.0.1", 11111, SiloStatus.Dead);
        var recentDead = Entry("10.0.0.2", 11111, SiloStatus.Dead, heartbeat: Start.AddHours(2));
        var oldActive = Entry("10.0.0.3", 11111, SiloStatus.Active);
        foreach (var entry in new[] { oldDead, recentDead, oldActive })
        {
            await InsertAsync(table, entry);
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Start.AddHours(1)), Ct);

        var left = (await table.ReadAllAsync(Ct))
            .Members.Select(m => m.Item1.SiloAddress)
            .OrderBy(a => a.ToString(), StringComparer.Ordinal);
        Assert.Equal([recentDead.SiloAddress, oldActive.SiloAddress], left);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_ForgetsTheClusterButNoOther()
    {
        var table = await TableAsync();
        var other = await TableAsync($"other-{Guid.NewGuid():N}");
        await InsertAsync(table, Entry("10.0.0.1", 11111, SiloStatus.Active));
        await InsertAsync(other, Entry("10.0.0.1", 11111, SiloStatus.Active));

        await table.DeleteMembershipTableEntriesAsync(_clusterId, Ct);

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(0, data.Version.Version);
        Assert.Empty(data.Members);
        Assert.Single((await other.ReadAllAsync(Ct)).Members);
    }

    private async Task<AdoNetClusteringTable> TableAsync(string? clusterId = null)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId ?? _clusterId }),
            Options.Create(
                new AdoNetClusteringSiloOptions
                {
                    Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant(),
                    ConnectionString = database.ConnectionString,
                }
            ),
            NullLogger<AdoNetClusteringTable>.Instance
        );
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Ct);
        return table;
    }

    /// <summary>Inserts <paramref name="entry"/> at the table's next version, which must succeed.</summary>
    private static async Task InsertAsync(AdoNetClusteringTable table, MembershipEntry entry) =>
        Assert.True(await table.InsertRowAsync(entry, await NextVersionAsync(table), Ct));

    /// <summary>The version that follows the table's current one: what the next write must carry.</summary>
    private static async Task<TableVersion> NextVersionAsync(AdoNetClusteringTable table) => (await table.ReadAllAsync(Ct)).Version.Next();

    private static MembershipEntry Entry(string address, int port, SiloStatus status, int proxyPort = 30000, DateTime? heartbeat = null) =>
        new()
        {
            SiloAddress = SiloAddress.New(IPAddress.Parse(address), port, 1),
            SiloName = $"silo-{address}",
            HostName = $"host-{address}",
            Status = status,
            ProxyPort = proxyPort,
            StartTime = Start,
            IAmAliveTime = heartbeat ?? Start,
        };
}
