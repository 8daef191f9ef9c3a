using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Battleship.Db;
using Battleship.Db.Orleans;
using Battleship.Gateway.Tests.Infrastructure;
using Battleship.Grains;
using Battleship.Grains.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using ArchiveMigrator = Battleship.Db.Archive.ArchiveMigrator;

namespace Battleship.Gateway.Tests.Host;

/// <summary>
/// The gateway's own Orleans client, as in production: it finds a real silo through the ADO.NET
/// membership table on PostgreSQL (no test-cluster client swapped in).
/// </summary>
public sealed class AdoNetClusterTests : IAsyncLifetime
{
    private const string ClusterId = "gateway-tests";
    private readonly PostgresDatabase _database = new();
    private IHost? _silo;
    private GatewayFactory? _gateway;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, _database.ConnectionString, TestContext.Current.CancellationToken);
        await new ArchiveMigrator().MigrateAsync(DatabaseProvider.PostgreSql, _database.ConnectionString);
        _silo = CreateSilo(_database.ConnectionString);
        await _silo.StartAsync(TestContext.Current.CancellationToken);
        _gateway = new GatewayFactory(
            client: null,
            _database.ConnectionString,
            new Dictionary<string, string?> { ["Battleship:Cluster:ClusterId"] = ClusterId, ["Battleship:Cluster:ServiceId"] = ClusterId },
            "Testing"
        );
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.StopAsync(CancellationToken.None);
            _silo.Dispose();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Gateway_FindsTheSiloThroughTheMembershipTable_AndPlays()
    {
        var http = _gateway!.CreateClient();

        var status = await http.GetFromJsonAsync<JsonElement>(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var player = await _gateway.SignInAsync("Remote");
        var match = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Density });

        Assert.Equal("Active", Assert.Single(status.GetProperty("silos").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(MatchStatus.Placing, match.Status);
    }

    private static IHost CreateSilo(string connectionString)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ClusterId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = DatabaseProvider.PostgreSql.GetAdoNetInvariant();
                o.ConnectionString = connectionString;
            });
            silo.AddMemoryGrainStorage(StorageNames.Users)
                .AddMemoryGrainStorage(StorageNames.Rooms)
                .AddMemoryGrainStorage(StorageNames.Matches)
                .AddMemoryGrainStorage(StorageNames.Agents)
                .UseInMemoryReminderService();
            silo.Services.AddSqlGameArchive(DatabaseProvider.PostgreSql, connectionString);
            silo.Services.AddBattleshipGrains();
        });
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
