using Battleship.Db;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Battleship.Hosting;

/// <summary>The database of the cluster and the archive (section <c>Battleship:Database</c>).</summary>
public sealed record DatabaseSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Battleship:Database";

    /// <summary>PostgreSQL (the default) or SQL Server; the Orleans invariants and <c>postgres</c>/<c>mssql</c> are accepted too.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.PostgreSql;

    /// <summary>The ADO.NET connection string; <c>ConnectionStrings:battleship</c> when this is not set.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The ADO.NET invariant the Orleans providers must be given (never left to their SQL Server default).</summary>
    public string AdoNetInvariant => Provider.GetAdoNetInvariant();

    /// <inheritdoc />
    public override string ToString() => $"{Provider} (connection string hidden)";
}

/// <summary>Takes the connection string from <c>ConnectionStrings:battleship</c> when the section has none.</summary>
/// <param name="configuration">The host's configuration.</param>
internal sealed class DatabaseSettingsFallback(IConfiguration configuration) : IPostConfigureOptions<DatabaseSettings>
{
    public void PostConfigure(string? name, DatabaseSettings options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionString = configuration.GetConnectionString(BattleshipSettings.ConnectionStringName) ?? "";
        }
    }
}

/// <summary>A connection string is required, and the provider must be one the project supports.</summary>
internal sealed class DatabaseSettingsValidator : IValidateOptions<DatabaseSettings>
{
    public ValidateOptionsResult Validate(string? name, DatabaseSettings options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail(
                SettingsBinder.Invalid($"{DatabaseSettings.SectionName}:Provider", options.Provider.ToString(), "PostgreSql or SqlServer")
            );
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var key = $"{DatabaseSettings.SectionName}:ConnectionString";
            var fallback = BattleshipSettings.ConnectionStringName;
            return ValidateOptionsResult.Fail(
                $"No database connection string is configured. Set '{key}' (environment variable {SettingsBinder.EnvironmentName(key)}) "
                    + $"or 'ConnectionStrings:{fallback}' (ConnectionStrings__{fallback}). "
                    + "For the local development database: `db/local-postgres.sh url`."
            );
        }
        return ValidateOptionsResult.Success;
    }
}
