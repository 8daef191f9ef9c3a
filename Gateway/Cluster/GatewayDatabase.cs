using Battleship.Db;

namespace Battleship.Gateway.Cluster;

/// <summary>The cluster's database as the gateway reads it from configuration (the same keys as the silos).</summary>
/// <param name="Provider">PostgreSQL (the default) or SQL Server.</param>
/// <param name="ConnectionString">The ADO.NET connection string.</param>
internal sealed record GatewayDatabase(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Battleship:Database";

    /// <summary>Reads and checks the settings; a missing one is an error that names the key to set.</summary>
    public static GatewayDatabase Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var providerText = section["Provider"];
        DatabaseProvider provider;
        try
        {
            provider = string.IsNullOrWhiteSpace(providerText) ? DatabaseProvider.PostgreSql : DatabaseProviders.Parse(providerText);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Configuration '{SectionName}:Provider' is invalid: {e.Message}", e);
        }
        var connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString("battleship");
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No database connection string is configured. Set '{SectionName}:ConnectionString' "
                    + "(environment variable Battleship__Database__ConnectionString) or 'ConnectionStrings:battleship'."
            );
        }
        return new GatewayDatabase(provider, connectionString);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Provider} (connection string hidden)";
}
