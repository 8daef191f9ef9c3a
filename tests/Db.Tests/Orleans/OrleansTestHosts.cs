using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Battleship.Db.Tests.Orleans;

/// <summary>
/// Real Orleans hosts on loopback wired to the ADO.NET providers the way the project's hosts will be:
/// invariant "Npgsql", the test database's connection string, System.Text.Json grain state.
/// </summary>
internal static class OrleansTestHosts
{
    /// <summary>A silo (not started) with ADO.NET clustering, two grain storages and reminders.</summary>
    public static IHost CreateSilo(string connectionString, string clusterId, string serviceId)
    {
        var builder = TestHosts.QuietBuilder();
        builder.UseOrleans(silo =>
        {
            silo.Configure(Cluster(clusterId, serviceId));
            silo.ConfigureEndpoints(IPAddress.Loopback, TestHosts.FreePort(), TestHosts.FreePort());
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                o.ConnectionString = connectionString;
            });
            silo.UseSystemTextJsonGrainStorageSerializer();
            silo.AddAdoNetGrainStorage(
                OrleansSiloFixture.StorageName,
                o =>
                {
                    o.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                    o.ConnectionString = connectionString;
                }
            );
            silo.AddAdoNetGrainStorage(
                OrleansSiloFixture.DeleteOnClearStorageName,
                o =>
                {
                    o.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                    o.ConnectionString = connectionString;
                    o.DeleteStateOnClear = true;
                }
            );
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                o.ConnectionString = connectionString;
            });
            // Production keeps the one-minute floor; tests may tick faster.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        return builder.Build();
    }

    /// <summary>A client (not started) that finds the gateways through the membership table.</summary>
    public static IHost CreateClient(string connectionString, string clusterId, string serviceId)
    {
        var builder = TestHosts.QuietBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure(Cluster(clusterId, serviceId));
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                o.ConnectionString = connectionString;
            });
        });
        return builder.Build();
    }

    /// <summary>The silos and clients of one test cluster share both ids.</summary>
    private static Action<ClusterOptions> Cluster(string clusterId, string serviceId) =>
        o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        };
}
