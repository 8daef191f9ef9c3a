using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Hosting;

/// <summary>Limits and timings of the gateway (section <c>Gateway</c>).</summary>
internal sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The largest request body accepted, in bytes (default 32 KiB); larger is 413.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024;

    /// <summary>The largest SignalR message accepted from a client, in bytes (default 32 KiB).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxHubMessageBytes { get; set; } = 32 * 1024;

    /// <summary>How often the gateway renews its observer subscriptions (grains forget them after 5 minutes, or when they move).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:04:00")]
    public TimeSpan ObserverRenewal { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a page of <c>GET /api/ladder</c> is served from this gateway's cache before the
    /// archive is asked again (default 5 s; zero turns the cache off). See docs/api.md.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LadderCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Checks <see cref="GatewayOptions"/> when the gateway starts (source-generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
