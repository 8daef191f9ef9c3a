using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Battleship.Hosting;

/// <summary>
/// The settings every Battleship host reads from the <c>Battleship</c> configuration section
/// (environment variables <c>Battleship__Database__Provider</c>, <c>Battleship__Silo__SiloPort</c>, ...):
/// <see cref="DatabaseSettings"/>, <see cref="ClusterSettings"/> and <see cref="SiloSettings"/>, each an
/// options class bound to its section and checked by its validator.
/// </summary>
/// <remarks>
/// A host needs them while it is being built (they configure Orleans before there is a service
/// provider), so <see cref="Read"/> binds and validates them at once and fails with a message that
/// names the key and its environment variable. <see cref="Register"/> registers the
/// same options with the same validators for <see cref="IOptions{TOptions}"/> consumers, validated
/// when the host starts.
/// </remarks>
/// <param name="Database">Where grain state, membership, reminders and the archive live.</param>
/// <param name="Cluster">Which cluster the host joins or talks to.</param>
/// <param name="Silo">How a silo listens and what it advertises (ignored by clients).</param>
public sealed record BattleshipSettings(DatabaseSettings Database, ClusterSettings Cluster, SiloSettings Silo)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Battleship";

    /// <summary>The name under <c>ConnectionStrings</c> that also supplies the connection string.</summary>
    public const string ConnectionStringName = "battleship";

    /// <summary>Binds and validates every setting.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed; the message names it.</exception>
    public static BattleshipSettings Read(IConfiguration configuration) =>
        new(ReadDatabase(configuration), ReadCluster(configuration), ReadSilo(configuration));

    /// <summary>Binds and validates only the database settings (all a migrator needs).</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The database settings.</returns>
    /// <exception cref="InvalidOperationException">The connection string is missing or the provider unknown.</exception>
    public static DatabaseSettings ReadDatabase(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingsBinder.Read(
            configuration,
            DatabaseSettings.SectionName,
            new DatabaseSettingsValidator(),
            new DatabaseSettingsFallback(configuration)
        );
    }

    /// <summary>Binds and validates only the cluster's ids (with the database, all a client needs).</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The cluster settings.</returns>
    public static ClusterSettings ReadCluster(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingsBinder.Read(configuration, ClusterSettings.SectionName, new ClusterSettingsValidator());
    }

    /// <summary>Binds and validates only the silo's endpoints and role.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The silo settings.</returns>
    public static SiloSettings ReadSilo(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingsBinder.Read(configuration, SiloSettings.SectionName, new SiloSettingsValidator());
    }

    /// <summary>
    /// Registers <see cref="DatabaseSettings"/>, <see cref="ClusterSettings"/> and (for a silo)
    /// <see cref="SiloSettings"/> as options bound to their sections, with their validators, validated
    /// when the host starts.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="silo">Whether the host is a silo (clients ignore the silo section).</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection Register(IServiceCollection services, bool silo)
    {
        ArgumentNullException.ThrowIfNull(services);
        services
            .AddOptions<DatabaseSettings>()
            .Configure<IConfiguration>((o, c) => SettingsBinder.Bind(c.GetSection(DatabaseSettings.SectionName), o))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<DatabaseSettings>, DatabaseSettingsFallback>();
        services.AddSingleton<IValidateOptions<DatabaseSettings>, DatabaseSettingsValidator>();
        services
            .AddOptions<ClusterSettings>()
            .Configure<IConfiguration>((o, c) => SettingsBinder.Bind(c.GetSection(ClusterSettings.SectionName), o))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterSettings>, ClusterSettingsValidator>();
        if (silo)
        {
            services
                .AddOptions<SiloSettings>()
                .Configure<IConfiguration>((o, c) => SettingsBinder.Bind(c.GetSection(SiloSettings.SectionName), o))
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<SiloSettings>, SiloSettingsValidator>();
        }
        return services;
    }
}
