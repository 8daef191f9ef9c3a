using Battleship.Db;
using Battleship.Db.Archive;
using Battleship.Db.Orleans;
using Battleship.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// A cluster as production runs it, in this process: silos that find each other through the ADO.NET
/// membership table on a fresh PostgreSQL database, keep grain state there (System.Text.Json), and
/// detect a dead peer within a second or two; and gateways with their own ADO.NET-clustered client.
/// </summary>
public sealed class AdoNetCluster : IAsyncDisposable
{
    private const string ClusterId = "gateway-tests";
    private readonly PostgresDatabase _database = new();
    private readonly List<IHost> _silos = [];
    private readonly List<GatewayFactory> _gateways = [];

    private AdoNetCluster() { }

    public IReadOnlyList<IHost> Silos => _silos;

    /// <summary>A database with the Orleans tables and the archive, and <paramref name="silos"/> silos started on it.</summary>
    public static async Task<AdoNetCluster> StartAsync(int silos)
    {
        var cluster = new AdoNetCluster();
        await cluster._database.InitializeAsync();
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, cluster._database.ConnectionString);
        await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, cluster._database.ConnectionString);
        for (var i = 0; i < silos; i++)
        {
            var silo = CreateSilo(cluster._database.ConnectionString);
            await silo.StartAsync();
            cluster._silos.Add(silo);
        }
        return cluster;
    }

    /// <summary>A gateway (the real Program and its own Orleans client) on this cluster.</summary>
    public GatewayFactory CreateGateway(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Battleship:Cluster:ClusterId"] = ClusterId,
            ["Battleship:Cluster:ServiceId"] = ClusterId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var gateway = new GatewayFactory(client: null, _database.ConnectionString, all, "Testing");
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>The silo an activation lives on.</summary>
    public async Task<IHost> SiloOfAsync(IAddressable grain)
    {
        var client = _silos[0].Services.GetRequiredService<IGrainFactory>();
        var address = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return _silos.Single(s => s.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Equals(address));
    }

    /// <summary>Stops a silo without a graceful shutdown (its activations are not handed over), as a crash would.</summary>
    public async Task KillAsync(IHost silo)
    {
        _silos.Remove(silo);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        try
        {
            await silo.StopAsync(cancelled.Token);
        }
        catch (OperationCanceledException) { }
        silo.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }
        foreach (var silo in _silos)
        {
            await silo.StopAsync(CancellationToken.None);
            silo.Dispose();
        }
        await _database.DisposeAsync();
    }

    private static IHost CreateSilo(string connectionString)
    {
        var invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
        var builder = TestHosts.QuietBuilder();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ClusterId;
            });
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, TestHosts.FreePort(), TestHosts.FreePort());
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
            });
            silo.UseSystemTextJsonGrainStorageSerializer();
            foreach (var name in new[] { StorageNames.Users, StorageNames.Rooms, StorageNames.Matches, StorageNames.Agents })
            {
                silo.AddAdoNetGrainStorage(
                    name,
                    o =>
                    {
                        o.Invariant = invariant;
                        o.ConnectionString = connectionString;
                    }
                );
            }
            silo.UseInMemoryReminderService();
            silo.Services.AddSqlGameArchive(DatabaseProvider.PostgreSql, connectionString);
            silo.Services.AddBattleshipGrains();
        });
        return builder.Build();
    }
}
