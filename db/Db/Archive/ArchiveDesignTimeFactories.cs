using Microsoft.EntityFrameworkCore.Design;

namespace Battleship.Db.Archive;

/// <summary>
/// Lets <c>dotnet ef</c> create <see cref="PostgreSqlArchiveDbContext"/>. Adding a migration does not
/// connect; commands that do (<c>database update</c>) read <c>BATTLESHIP_ARCHIVE_POSTGRES</c>.
/// </summary>
public sealed class PostgreSqlArchiveDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlArchiveDbContext>
{
    /// <inheritdoc />
    public PostgreSqlArchiveDbContext CreateDbContext(string[] args) =>
        new(
            ArchiveDatabase.Options<PostgreSqlArchiveDbContext>(
                DatabaseProvider.PostgreSql,
                Environment.GetEnvironmentVariable("BATTLESHIP_ARCHIVE_POSTGRES")
                    ?? "Host=127.0.0.1;Port=55432;Database=battleship;Username=battleship;Password=battleship"
            )
        );
}

/// <summary>
/// Lets <c>dotnet ef</c> create <see cref="SqlServerArchiveDbContext"/>. Adding a migration or a
/// script does not connect; commands that do read <c>BATTLESHIP_ARCHIVE_SQLSERVER</c>.
/// </summary>
public sealed class SqlServerArchiveDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerArchiveDbContext>
{
    /// <inheritdoc />
    public SqlServerArchiveDbContext CreateDbContext(string[] args) =>
        new(
            ArchiveDatabase.Options<SqlServerArchiveDbContext>(
                DatabaseProvider.SqlServer,
                Environment.GetEnvironmentVariable("BATTLESHIP_ARCHIVE_SQLSERVER")
                    ?? "Server=127.0.0.1,1433;Database=battleship;User Id=battleship;Password=battleship;TrustServerCertificate=True"
            )
        );
}
