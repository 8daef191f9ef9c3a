namespace Battleship.Db;

/// <summary>What each <see cref="DatabaseProvider"/> is called by the libraries that connect to it.</summary>
public static class DatabaseProviderExtensions
{
    /// <summary>The Orleans ADO.NET invariant name of PostgreSQL's driver.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>The Orleans ADO.NET invariant name of SQL Server's driver.</summary>
    public const string SqlClientInvariant = "Microsoft.Data.SqlClient";

    /// <summary>
    /// The invariant name to give Orleans' ADO.NET clustering, grain storage and reminder options
    /// (their <c>Invariant</c> property). Always set it: Orleans defaults to SQL Server when it is missing.
    /// </summary>
    /// <param name="provider">The database in use.</param>
    /// <returns><c>"Npgsql"</c> or <c>"Microsoft.Data.SqlClient"</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined provider.</exception>
    public static string GetAdoNetInvariant(this DatabaseProvider provider) =>
        provider switch
        {
            DatabaseProvider.PostgreSql => NpgsqlInvariant,
            DatabaseProvider.SqlServer => SqlClientInvariant,
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
}
