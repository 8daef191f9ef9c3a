using System.Net;
using Battleship.Grains.Placement;
using Microsoft.Extensions.Options;

namespace Battleship.Hosting;

/// <summary>What a silo does in the cluster (its <c>role</c> metadata).</summary>
public enum SiloRole
{
    /// <summary>A game silo: users, rooms, matches, agents, the ladder.</summary>
    Game,

    /// <summary>A trainer silo: training jobs and policies.</summary>
    Trainer,
}

/// <summary>How a silo listens and what it tells the others (section <c>Battleship:Silo</c>; ignored by clients).</summary>
public sealed record SiloSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Battleship:Silo";

    /// <summary>The silo-to-silo port when none is configured.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The gateway port when none is configured.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Client (gateway) port.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>
    /// The address written to the membership table: an IP address, or a host name resolved to its first
    /// IPv4 address when the silo starts (a container's own name); loopback unless configured (several
    /// hosts need a routable one).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Bind to every interface rather than only the advertised address (containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>The silo's role, published as silo metadata.</summary>
    public SiloRole Role { get; set; } = SiloRole.Game;

    /// <summary>
    /// <see cref="AdvertisedAddress"/> as an IP address (checked by <see cref="SiloSettingsValidator"/>):
    /// parsed, or a host name looked up in DNS (first IPv4 address), or loopback when unset.
    /// </summary>
    public IPAddress Address => ResolveAddress(AdvertisedAddress);

    private static IPAddress ResolveAddress(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return IPAddress.Loopback;
        }
        var value = configured.Trim();
        if (IPAddress.TryParse(value, out var address))
        {
            return address;
        }
        return Array.Find(Dns.GetHostAddresses(value), a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new OptionsValidationException(
                SectionName,
                typeof(SiloSettings),
                [$"{SectionName}:AdvertisedAddress: the host name '{value}' has no IPv4 address."]
            );
    }

    /// <summary>
    /// The role as published in silo metadata (under <see cref="TrainerSilosOnlyStrategy.RoleKey"/>):
    /// <c>game</c> or <c>trainer</c> (<see cref="TrainerSilosOnlyStrategy.TrainerRole"/>).
    /// </summary>
    public string RoleName => Role.ToString().ToLowerInvariant();
}

/// <summary>Ports from 1 to 65535 and different, a parseable address, a known role.</summary>
internal sealed class SiloSettingsValidator : IValidateOptions<SiloSettings>
{
    private const string PortRange = "a TCP port from 1 to 65535";

    public ValidateOptionsResult Validate(string? name, SiloSettings options)
    {
        var errors = new ValidateOptionsResultBuilder();
        if (options.SiloPort is <= 0 or > 65535)
        {
            errors.AddError(Invalid("SiloPort", options.SiloPort, PortRange));
        }
        if (options.GatewayPort is <= 0 or > 65535)
        {
            errors.AddError(Invalid("GatewayPort", options.GatewayPort, PortRange));
        }
        else if (options.GatewayPort == options.SiloPort)
        {
            errors.AddError(Invalid("GatewayPort", options.GatewayPort, "a port other than the silo port"));
        }
        if (
            !string.IsNullOrWhiteSpace(options.AdvertisedAddress)
            && !IPAddress.TryParse(options.AdvertisedAddress.Trim(), out _)
            && Uri.CheckHostName(options.AdvertisedAddress.Trim()) != UriHostNameType.Dns
        )
        {
            errors.AddError(Invalid("AdvertisedAddress", options.AdvertisedAddress, "an IP address such as 10.0.0.5 or a host name"));
        }
        if (!Enum.IsDefined(options.Role))
        {
            errors.AddError(Invalid("Role", options.Role, "Game or Trainer"));
        }
        return errors.Build();
    }

    private static string Invalid(string key, object? value, string expected) =>
        SettingsBinder.Invalid(
            $"{SiloSettings.SectionName}:{key}",
            Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            expected
        );
}
