using Microsoft.EntityFrameworkCore.Design;

namespace Battleship.Db.Archive;

/// <summary>
/// Lets <c>dotnet ef</c> create the archive context of one engine. Adding a migration (or a script)
/// does not connect; commands that do (<c>database update</c>) read the connection string from the
/// environment variable <paramref name="variable"/>, else use <paramref name="fallback"/> (the local default).
/// </summary>
/// <typeparam name="TContext">The engine's context.</typeparam>
/// <param name="provider">The engine.</param>
/// <param name="variable">The environment variable with the connection string.</param>
/// <param name="fallback">The connection string when the variable is not set.</param>
public abstract class ArchiveDesignTimeFactory<TContext>(DatabaseProvider provider, string variable, string fallback)
    : IDesignTimeDbContextFactory<TContext>
    where TContext : ArchiveDbContext
{
    /// <inheritdoc />
    public TContext CreateDbContext(string[] args) =>
        (TContext)ArchiveDatabase.CreateContext(provider, Environment.GetEnvironmentVariable(variable) ?? fallback);
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="PostgreSqlArchiveDbContext"/> (<c>BATTLESHIP_ARCHIVE_POSTGRES</c>).</summary>
public sealed class PostgreSqlArchiveDesignTimeFactory()
    : ArchiveDesignTimeFactory<PostgreSqlArchiveDbContext>(
        DatabaseProvider.PostgreSql,
        "BATTLESHIP_ARCHIVE_POSTGRES",
        "Host=127.0.0.1;Port=55432;Database=battleship;Username=battleship;Password=battleship"
    );

/// <summary>Lets <c>dotnet ef</c> create <see cref="SqlServerArchiveDbContext"/> (<c>BATTLESHIP_ARCHIVE_SQLSERVER</c>).</summary>
public sealed class SqlServerArchiveDesignTimeFactory()
    : ArchiveDesignTimeFactory<SqlServerArchiveDbContext>(
        DatabaseProvider.SqlServer,
        "BATTLESHIP_ARCHIVE_SQLSERVER",
        "Server=127.0.0.1,1433;Database=battleship;User Id=battleship;Password=battleship;TrustServerCertificate=True"
    );
