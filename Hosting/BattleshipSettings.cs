using System.Globalization;
using System.Net;
using Battleship.Db;
using Microsoft.Extensions.Configuration;

namespace Battleship.Hosting;

/// <summary>
/// The settings every Battleship host reads from the <c>Battleship</c> configuration section
/// (environment variables <c>Battleship__Database__Provider</c>, <c>Battleship__Silo__SiloPort</c>, ...).
/// <see cref="Read"/> validates them and fails with a message that names the key to set.
/// </summary>
/// <param name="Database">Where grain state, membership, reminders and the archive live.</param>
/// <param name="Cluster">Which cluster the host joins or talks to.</param>
/// <param name="Silo">How a silo listens and what it advertises (ignored by clients).</param>
public sealed record BattleshipSettings(DatabaseSettings Database, ClusterSettings Cluster, SiloSettings Silo)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Battleship";

    /// <summary>The name under <c>ConnectionStrings</c> that also supplies the connection string.</summary>
    public const string ConnectionStringName = "battleship";

    /// <summary>Reads and validates the settings.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed; the message names it.</exception>
    public static BattleshipSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        return new BattleshipSettings(
            DatabaseSettings.Read(configuration, section.GetSection("Database")),
            ClusterSettings.Read(section.GetSection("Cluster")),
            SiloSettings.Read(section.GetSection("Silo"))
        );
    }

    /// <summary>Reads only the database settings (all a migrator needs).</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The database settings.</returns>
    /// <exception cref="InvalidOperationException">The connection string is missing or the provider unknown.</exception>
    public static DatabaseSettings ReadDatabase(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return DatabaseSettings.Read(configuration, configuration.GetSection(SectionName).GetSection("Database"));
    }

    /// <summary>Reads only the cluster's ids (with the database, all a client needs).</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The cluster settings.</returns>
    public static ClusterSettings ReadCluster(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ClusterSettings.Read(configuration.GetSection(SectionName).GetSection("Cluster"));
    }

    internal static string Key(IConfigurationSection section, string name) => $"{section.Path}:{name}";

    internal static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    internal static int ReadPort(IConfigurationSection section, string name, int defaultValue)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw Invalid(section, name, text, "a TCP port from 1 to 65535");
    }

    internal static InvalidOperationException Invalid(IConfigurationSection section, string name, string value, string expected)
    {
        var key = Key(section, name);
        return new InvalidOperationException(
            $"Configuration '{key}' (environment variable {EnvironmentName(key)}) is '{value}'; expected {expected}."
        );
    }
}

/// <summary>The database of the cluster and the archive.</summary>
/// <param name="Provider">PostgreSQL (the default) or SQL Server.</param>
/// <param name="ConnectionString">The ADO.NET connection string.</param>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The ADO.NET invariant the Orleans providers must be given (never left to their SQL Server default).</summary>
    public string AdoNetInvariant => Provider.GetAdoNetInvariant();

    /// <inheritdoc />
    public override string ToString() => $"{Provider} (connection string hidden)";

    internal static DatabaseSettings Read(IConfiguration root, IConfigurationSection section)
    {
        var providerText = section["Provider"];
        DatabaseProvider provider;
        try
        {
            provider = string.IsNullOrWhiteSpace(providerText) ? DatabaseProvider.PostgreSql : DatabaseProviders.Parse(providerText);
        }
        catch (ArgumentException)
        {
            throw BattleshipSettings.Invalid(section, "Provider", providerText!, "PostgreSql or SqlServer");
        }

        var connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = root.GetConnectionString(BattleshipSettings.ConnectionStringName);
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var key = BattleshipSettings.Key(section, "ConnectionString");
            throw new InvalidOperationException(
                $"No database connection string is configured. Set '{key}' (environment variable {BattleshipSettings.EnvironmentName(key)}) "
                    + $"or 'ConnectionStrings:{BattleshipSettings.ConnectionStringName}' (ConnectionStrings__{BattleshipSettings.ConnectionStringName}). "
                    + "For the local development database: `db/local-postgres.sh url`."
            );
        }
        return new DatabaseSettings(provider, connectionString);
    }
}

/// <summary>Which cluster a host belongs to.</summary>
/// <param name="ClusterId">The deployment: silos and clients with the same id form one cluster.</param>
/// <param name="ServiceId">The service: stays the same across deployments; part of every grain state and reminder key.</param>
public sealed record ClusterSettings(string ClusterId, string ServiceId)
{
    /// <summary>The id used for both when none is configured.</summary>
    public const string DefaultId = "battleship";

    internal static ClusterSettings Read(IConfigurationSection section) =>
        new(
            string.IsNullOrWhiteSpace(section["ClusterId"]) ? DefaultId : section["ClusterId"]!.Trim(),
            string.IsNullOrWhiteSpace(section["ServiceId"]) ? DefaultId : section["ServiceId"]!.Trim()
        );
}

/// <summary>What a silo does in the cluster (its <c>role</c> metadata).</summary>
public enum SiloRole
{
    /// <summary>A game silo: users, rooms, matches, agents, the ladder.</summary>
    Game,

    /// <summary>A trainer silo: training jobs and policies.</summary>
    Trainer,
}

/// <summary>How a silo listens and what it tells the others.</summary>
/// <param name="SiloPort">Silo-to-silo port.</param>
/// <param name="GatewayPort">Client (gateway) port.</param>
/// <param name="AdvertisedAddress">The address written to the membership table; loopback unless configured (several hosts need a routable one).</param>
/// <param name="ListenOnAnyHostAddress">Bind to every interface rather than only the advertised address (containers).</param>
/// <param name="Role">The silo's role, published as silo metadata <c>role</c>.</param>
public sealed record SiloSettings(int SiloPort, int GatewayPort, IPAddress AdvertisedAddress, bool ListenOnAnyHostAddress, SiloRole Role)
{
    /// <summary>The silo-to-silo port when none is configured.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The gateway port when none is configured.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>
    /// The role as published in silo metadata (under <see cref="Grains.Placement.TrainerSilosOnlyStrategy.RoleKey"/>):
    /// <c>game</c> or <c>trainer</c> (<see cref="Grains.Placement.TrainerSilosOnlyStrategy.TrainerRole"/>).
    /// </summary>
    public string RoleName => Role.ToString().ToLowerInvariant();

    internal static SiloSettings Read(IConfigurationSection section)
    {
        var siloPort = BattleshipSettings.ReadPort(section, "SiloPort", DefaultSiloPort);
        var gatewayPort = BattleshipSettings.ReadPort(section, "GatewayPort", DefaultGatewayPort);
        if (siloPort == gatewayPort)
        {
            throw BattleshipSettings.Invalid(
                section,
                "GatewayPort",
                gatewayPort.ToString(CultureInfo.InvariantCulture),
                "a port other than the silo port"
            );
        }

        var addressText = section["AdvertisedAddress"];
        var address = IPAddress.Loopback;
        if (!string.IsNullOrWhiteSpace(addressText) && !IPAddress.TryParse(addressText.Trim(), out address))
        {
            throw BattleshipSettings.Invalid(section, "AdvertisedAddress", addressText, "an IP address such as 10.0.0.5");
        }

        var anyText = section["ListenOnAnyHostAddress"];
        var listenOnAny = false;
        if (!string.IsNullOrWhiteSpace(anyText) && !bool.TryParse(anyText, out listenOnAny))
        {
            throw BattleshipSettings.Invalid(section, "ListenOnAnyHostAddress", anyText, "true or false");
        }

        var roleText = section["Role"];
        var role = SiloRole.Game;
        if (!string.IsNullOrWhiteSpace(roleText) && (!Enum.TryParse(roleText.Trim(), ignoreCase: true, out role) || !Enum.IsDefined(role)))
        {
            throw BattleshipSettings.Invalid(section, "Role", roleText, "game or trainer");
        }
        return new SiloSettings(siloPort, gatewayPort, address!, listenOnAny, role);
    }
}
