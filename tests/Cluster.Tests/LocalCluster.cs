using System.Diagnostics;
using Battleship.Hosting;
using Battleship.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Battleship.Cluster.Tests;

/// <summary>
/// A real cluster on this machine: silo processes of the built silo sharing one database, cluster
/// id and service id, and Orleans clients in the test process. Logs go to
/// <c>artifacts/cluster-tests/&lt;name&gt;/</c>. Disposing kills every process that is still running.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private const int ActiveStatus = 3;
    private readonly string _connectionString;
    private readonly List<SiloProcess> _silos = [];
    private readonly List<IHost> _clients = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Creates the cluster (nothing runs yet).</summary>
    /// <param name="connectionString">A migrated database.</param>
    /// <param name="name">The folder of the logs under <c>artifacts/cluster-tests</c>.</param>
    public LocalCluster(string connectionString, string name)
    {
        _connectionString = connectionString;
        LogFolder = Path.Combine(HostBinaries.Artifacts, "cluster-tests", name);
        if (Directory.Exists(LogFolder))
        {
            Directory.Delete(LogFolder, recursive: true);
        }
        Directory.CreateDirectory(LogFolder);
    }

    /// <summary>The cluster id: unique per instance, so clusters sharing a database never meet.</summary>
    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    /// <summary>The service id: unique per instance, so grain state is not shared either.</summary>
    public string ServiceId { get; } = $"service-{Guid.NewGuid():N}";

    /// <summary>Where the silos' logs are.</summary>
    public string LogFolder { get; }

    /// <summary>Every silo started so far, running or not.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The settings every silo and client gets, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>
        {
            ["Battleship:Database:Provider"] = "PostgreSql",
            ["Battleship:Database:ConnectionString"] = _connectionString,
            ["Battleship:Cluster:ClusterId"] = ClusterId,
            ["Battleship:Cluster:ServiceId"] = ServiceId,
        };

    /// <summary>Starts <paramref name="count"/> more silos and waits until all running silos are active.</summary>
    public async Task<IReadOnlyList<SiloProcess>> StartSilosAsync(int count, TimeSpan timeout)
    {
        var environment = Settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        var started = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
        {
            var silo = SiloProcess.Start($"silo-{_silos.Count}", LogFolder, environment);
            _silos.Add(silo);
            started.Add(silo);
        }
        await WaitUntilActiveAsync(timeout);
        return started;
    }

    /// <summary>
    /// Waits until every running silo is active in the membership table and answers <c>/ready</c>,
    /// failing early (with its last lines) when one exits.
    /// </summary>
    public async Task WaitUntilActiveAsync(TimeSpan timeout)
    {
        var running = _silos.Where(s => !s.HasExited).ToList();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (running.FirstOrDefault(s => s.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.Name} exited while starting.\n{dead.Tail()}");
            }
            var active = await ActivePortsAsync();
            if (running.All(s => active.Contains(s.SiloPort)) && await AllReadyAsync(running))
            {
                return;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Not every silo was active after {timeout.TotalSeconds:0} s (active ports: {string.Join(", ", active)}).\n"
                        + string.Join('\n', running.Select(s => s.Tail()))
                );
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The silo ports of the members the membership table lists as active.</summary>
    public async Task<IReadOnlySet<int>> ActivePortsAsync() =>
        (await MembersAsync()).Where(m => m.Status == ActiveStatus).Select(m => m.Port).ToHashSet();

    /// <summary>Every member row of this cluster: silo port and status (3 = active, 6 = dead).</summary>
    public async Task<IReadOnlyList<(int Port, int Status)>> MembersAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT port, status FROM orleans_cluster_member WHERE cluster_id = @cluster",
            connection
        );
        command.Parameters.AddWithValue("cluster", ClusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var members = new List<(int, int)>();
        while (await reader.ReadAsync())
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }
        return members;
    }

    /// <summary>Starts an Orleans client of this cluster the way a gateway will (<c>AddBattleshipClusterClient</c>).</summary>
    public async Task<IClusterClient> StartClientAsync()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddBattleshipClusterClient();
        var host = builder.Build();
        _clients.Add(host);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Stops the clients started so far.</summary>
    public async Task StopClientsAsync()
    {
        foreach (var client in _clients)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await client.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Gone anyway.
            }
            client.Dispose();
        }
        _clients.Clear();
    }

    /// <summary>The silo whose silo-to-silo port is <paramref name="port"/>.</summary>
    public SiloProcess SiloAt(int port) => _silos.Single(s => s.SiloPort == port);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopClientsAsync();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        _http.Dispose();
    }

    private async Task<bool> AllReadyAsync(IEnumerable<SiloProcess> silos)
    {
        foreach (var silo in silos)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(silo.WebUrl, ServiceDefaultsExtensions.ReadyPath));
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }
        return true;
    }
}
