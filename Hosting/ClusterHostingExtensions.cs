using Battleship.Grains;
using Battleship.Grains.Placement;
using Battleship.Hosting.Placement;
using Battleship.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Battleship.Hosting;

/// <summary>
/// The Orleans cluster from configuration (<see cref="BattleshipSettings"/>): ADO.NET membership,
/// grain storage for every <see cref="StorageNames"/> entry (System.Text.Json payloads) and
/// reminders on the configured database, silo endpoints and metadata, and membership options tuned
/// for fast failure detection. Silos call <see cref="AddBattleshipCluster{TBuilder}"/>, clients
/// (gateways, tools) <see cref="AddBattleshipClusterClient{TBuilder}"/>.
/// </summary>
public static class ClusterHostingExtensions
{
    /// <summary>The section whose keys override <see cref="ClusterMembershipOptions"/> (for example <c>ProbeTimeout</c>).</summary>
    public const string MembershipSection = "Battleship:Cluster:Membership";

    /// <summary>
    /// How long a liveness probe waits for an answer before it counts as missed (Orleans: 5 s).
    /// With <see cref="DefaultNumMissedProbesLimit"/> a killed silo is declared dead in about a
    /// second or two instead of 11–15 s; see docs/cluster.md for the measurements.
    /// </summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes that make a silo suspect a peer (Orleans: 3).</summary>
    public const int DefaultNumMissedProbesLimit = 2;

    /// <summary>
    /// The longest a probe may wait as timeouts adapt to measured round trips (Orleans: 4 ×
    /// <see cref="DefaultProbeTimeout"/>). A silo that stops answering but whose connection
    /// carried a message within this × <see cref="DefaultNumMissedProbesLimit"/> is not voted
    /// dead, so this also bounds how long a hung silo (SIGSTOP, a stalled VM) keeps its grains:
    /// 4 s instead of 8 s (docs/chaos.md).
    /// </summary>
    public static readonly TimeSpan DefaultMaxProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a silo reads the membership table (Orleans: 60 s). A silo that was declared dead
    /// while it hung learns it from this read when it wakes up, and stops; until then it serves the
    /// activations it had. With 5 s the read falls due while it hangs and runs as soon as it wakes.
    /// </summary>
    public static readonly TimeSpan DefaultTableRefreshTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The section whose keys override a client's <see cref="ClientMessagingOptions"/> (for example <c>ResponseTimeout</c>).</summary>
    public const string ClientMessagingSection = "Battleship:Client:Messaging";

    /// <summary>
    /// How long a client waits for a grain call's response (Orleans: 30 s). A call that is in flight
    /// when a silo dies gets no answer and no rejection: the client learns only from this timeout,
    /// then retries. Game calls take milliseconds, so a shorter wait shortens the worst failover a
    /// player sees without cutting real work short.
    /// </summary>
    public static readonly TimeSpan DefaultClientResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The section whose keys override a client's <see cref="GatewayOptions"/> (for example <c>GatewayListRefreshPeriod</c>).</summary>
    public const string ClientGatewaySection = "Battleship:Client:Gateway";

    /// <summary>
    /// How often a client reads the silos' gateways from the membership table (Orleans: 60 s); it
    /// closes its connections to those no longer listed. A gateway silo that hangs keeps its
    /// connections open, so until this read the client keeps sending through it: the read bounds
    /// how long calls stall after the silo is declared dead (docs/chaos.md).
    /// </summary>
    public static readonly TimeSpan DefaultGatewayListRefreshPeriod = TimeSpan.FromSeconds(2);

    /// <summary>The health check that reports whether the local silo is active in the cluster.</summary>
    public const string SiloHealthCheckName = "orleans-silo";

    /// <summary>
    /// Makes the host an Orleans silo of the configured cluster. Reads and validates
    /// <see cref="BattleshipSettings"/> first, so a missing connection string stops the start-up
    /// with a message naming the setting.
    /// </summary>
    /// <typeparam name="TBuilder">The host builder.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="configureSilo">Adds what the host runs on the silo (grains, services, dashboard).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed.</exception>
    public static TBuilder AddBattleshipCluster<TBuilder>(
        this TBuilder builder,
        Action<ISiloBuilder, BattleshipSettings>? configureSilo = null
    )
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = BattleshipSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        BattleshipSettings.Register(builder.Services, silo: true);
        var database = settings.Database;
        var silo = settings.Silo;

        builder.UseOrleans(siloBuilder =>
        {
            ConfigureCluster(siloBuilder.Services, settings.Cluster);
            siloBuilder.Configure<SiloOptions>(o => o.SiloName = $"{silo.RoleName}-{silo.SiloPort}");
            siloBuilder.ConfigureEndpoints(silo.Address, silo.SiloPort, silo.GatewayPort, silo.ListenOnAnyHostAddress);
            siloBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = database.AdoNetInvariant;
                o.ConnectionString = database.ConnectionString;
            });
            siloBuilder.AddActivityPropagation(); // W3C trace context through grain calls (docs/telemetry.md)
            siloBuilder.UseSystemTextJsonGrainStorageSerializer();
            foreach (var name in StorageNames.All)
            {
                siloBuilder.AddAdoNetGrainStorage(
                    name,
                    o =>
                    {
                        o.Invariant = database.AdoNetInvariant;
                        o.ConnectionString = database.ConnectionString;
                    }
                );
            }
            siloBuilder.UseAdoNetReminderService(o =>
            {
                o.Invariant = database.AdoNetInvariant;
                o.ConnectionString = database.ConnectionString;
            });
            siloBuilder.UseSiloMetadata(new Dictionary<string, string> { [TrainerSilosOnlyStrategy.RoleKey] = silo.RoleName });
            siloBuilder.Services.AddTrainerPlacement();
            siloBuilder
                .Services.AddOptions<ClusterMembershipOptions>()
                .Configure(o =>
                {
                    o.ProbeTimeout = DefaultProbeTimeout;
                    o.NumMissedProbesLimit = DefaultNumMissedProbesLimit;
                    o.MaxProbeTimeout = DefaultMaxProbeTimeout;
                    o.TableRefreshTimeout = DefaultTableRefreshTimeout;
                })
                .Bind(builder.Configuration.GetSection(MembershipSection));
            configureSilo?.Invoke(siloBuilder, settings);
        });

        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>(SiloHealthCheckName, tags: [ServiceDefaultsExtensions.ReadyTag]);
        QuietPolly(builder);
        return builder;
    }

    /// <summary>
    /// Makes the host an Orleans client of the configured cluster: it finds the silos' gateways in
    /// the membership table. Reads only the database and cluster settings.
    /// </summary>
    /// <typeparam name="TBuilder">The host builder.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="configureClient">Anything else the client needs.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed.</exception>
    public static TBuilder AddBattleshipClusterClient<TBuilder>(this TBuilder builder, Action<IClientBuilder>? configureClient = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = BattleshipSettings.ReadDatabase(builder.Configuration);
        var cluster = BattleshipSettings.ReadCluster(builder.Configuration);
        BattleshipSettings.Register(builder.Services, silo: false);
        builder.UseOrleansClient(client =>
        {
            ConfigureCluster(client.Services, cluster);
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = database.AdoNetInvariant;
                o.ConnectionString = database.ConnectionString;
            });
            client.AddActivityPropagation(); // W3C trace context through grain calls (docs/telemetry.md)
            client
                .Services.AddOptions<ClientMessagingOptions>()
                .Configure(o => o.ResponseTimeout = DefaultClientResponseTimeout)
                .Bind(builder.Configuration.GetSection(ClientMessagingSection));
            client
                .Services.AddOptions<GatewayOptions>()
                .Configure(o => o.GatewayListRefreshPeriod = DefaultGatewayListRefreshPeriod)
                .Bind(builder.Configuration.GetSection(ClientGatewaySection));
            configureClient?.Invoke(client);
        });
        QuietPolly(builder);
        return builder;
    }

    private static void ConfigureCluster(IServiceCollection services, ClusterSettings cluster)
    {
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        services.AddBattleshipExceptionSerialization();
    }

    // Orleans 10 logs every placement through Polly at Information.
    private static void QuietPolly(IHostApplicationBuilder builder) => builder.Logging.AddFilter("Polly", LogLevel.Warning);
}
