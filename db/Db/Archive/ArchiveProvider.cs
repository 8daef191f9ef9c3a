namespace Battleship.Db.Archive;

/// <summary>
/// The database engine that holds the archive. The archive has one EF Core model and one migration
/// set per engine; <see cref="PostgreSql"/> is the default and the one the tests run against.
/// </summary>
public enum ArchiveProvider
{
    /// <summary>PostgreSQL through Npgsql (the default).</summary>
    PostgreSql,

    /// <summary>SQL Server (or Azure SQL) through Microsoft.Data.SqlClient.</summary>
    SqlServer,
}

/// <summary>Reads an <see cref="ArchiveProvider"/> from configuration text.</summary>
public static class ArchiveProviders
{
    /// <summary>
    /// Parses a provider name. Accepts the enum names and the ADO.NET invariants the Orleans
    /// providers use (<c>Npgsql</c>, <c>Microsoft.Data.SqlClient</c>), ignoring case, plus
    /// <c>postgres</c>, <c>postgresql</c> and <c>mssql</c>.
    /// </summary>
    /// <param name="value">The configured name.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentException">The name is not one of the above.</exception>
    public static ArchiveProvider Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToUpperInvariant() switch
        {
            "POSTGRESQL" or "POSTGRES" or "NPGSQL" => ArchiveProvider.PostgreSql,
            "SQLSERVER" or "MSSQL" or "MICROSOFT.DATA.SQLCLIENT" => ArchiveProvider.SqlServer,
            _ => throw new ArgumentException(
                $"Unknown archive provider '{value}'. Use PostgreSql (Npgsql) or SqlServer (Microsoft.Data.SqlClient).",
                nameof(value)
            ),
        };
    }
}
