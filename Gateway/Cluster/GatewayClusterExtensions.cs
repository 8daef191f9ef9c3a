using Battleship.Db;
using Orleans.Configuration;

namespace Battleship.Gateway.Cluster;

/// <summary>Makes the gateway an Orleans client of the cluster named in configuration.</summary>
internal static class GatewayClusterExtensions
{
    /// <summary>
    /// An Orleans client with ADO.NET clustering on the configured database
    /// (<c>Battleship:Database:Provider</c>, <c>Battleship:Database:ConnectionString</c> or
    /// <c>ConnectionStrings:battleship</c>) and cluster ids (<c>Battleship:Cluster:ClusterId</c>,
    /// <c>ServiceId</c>, both <c>battleship</c> by default). The client keeps retrying its first
    /// connection, so the gateway may start before any silo.
    /// </summary>
    /// <remarks>
    /// Temporary: this is replaced by ServiceDefaults' <c>AddBattleshipClusterClient</c> once that
    /// branch is merged; it reads the same keys. The options are read when the client starts, so
    /// tests that swap in an in-process cluster's client never need them.
    /// </remarks>
    public static IHostApplicationBuilder AddGatewayClusterClient(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                var cluster = configuration.GetSection("Battleship:Cluster");
                options.ClusterId = NonBlank(cluster["ClusterId"]) ?? DefaultClusterId;
                options.ServiceId = NonBlank(cluster["ServiceId"]) ?? DefaultClusterId;
            });
            client.UseAdoNetClustering(options =>
            {
                var database = GatewayDatabase.Read(configuration);
                options.Invariant = database.Provider.GetAdoNetInvariant();
                options.ConnectionString = database.ConnectionString;
            });
            client.UseConnectionRetryFilter<RetryFirstConnection>();
        });
        return builder;
    }

    private const string DefaultClusterId = "battleship";

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
