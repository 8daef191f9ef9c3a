namespace Battleship.Gateway.Hosting;

/// <summary>Limits and timings of the gateway (section <c>Gateway</c>).</summary>
internal sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Gateway";

    /// <summary>The largest request body accepted, in bytes (default 32 KiB); larger is 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024;

    /// <summary>The largest SignalR message accepted from a client, in bytes (default 32 KiB).</summary>
    public long MaxHubMessageBytes { get; set; } = 32 * 1024;

    /// <summary>How often the gateway renews its observer subscriptions (grains forget them after 5 minutes, or when they move).</summary>
    public TimeSpan ObserverRenewal { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a page of <c>GET /api/ladder</c> is served from this gateway's cache before the
    /// archive is asked again (default 5 s; zero turns the cache off). See docs/api.md.
    /// </summary>
    public TimeSpan LadderCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
