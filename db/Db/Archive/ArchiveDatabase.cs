using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>
/// The one place that turns a provider and a connection string into EF Core options, so the
/// service registration, the migrator and the design-time factories configure the archive alike.
/// </summary>
public static class ArchiveDatabase
{
    /// <summary>Configures <paramref name="builder"/> for the archive on <paramref name="provider"/>.</summary>
    /// <param name="builder">The options builder.</param>
    /// <param name="provider">The engine.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return provider switch
        {
            DatabaseProvider.PostgreSql => builder.UseNpgsql(
                connectionString,
                npgsql =>
                {
                    npgsql.MigrationsHistoryTable(ArchiveDbContext.MigrationsHistoryTable);
                    npgsql.EnableRetryOnFailure();
                }
            ),
            DatabaseProvider.SqlServer => builder.UseSqlServer(
                connectionString,
                sql =>
                {
                    sql.MigrationsHistoryTable(ArchiveDbContext.MigrationsHistoryTable);
                    sql.EnableRetryOnFailure();
                }
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown archive provider."),
        };
    }

    /// <summary>The context type of <paramref name="provider"/>: the one whose migrations apply.</summary>
    /// <param name="provider">The engine.</param>
    /// <returns><see cref="PostgreSqlArchiveDbContext"/> or <see cref="SqlServerArchiveDbContext"/>.</returns>
    public static Type ContextType(DatabaseProvider provider) =>
        provider switch
        {
            DatabaseProvider.PostgreSql => typeof(PostgreSqlArchiveDbContext),
            DatabaseProvider.SqlServer => typeof(SqlServerArchiveDbContext),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown archive provider."),
        };

    /// <summary>
    /// Creates an unpooled context for <paramref name="provider"/> (for the migrator and tools;
    /// the application uses the pooled factory that <c>AddBattleshipArchive</c> registers).
    /// </summary>
    /// <param name="provider">The engine.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>A new context; the caller disposes it.</returns>
    public static ArchiveDbContext CreateContext(DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.PostgreSql => new PostgreSqlArchiveDbContext(Options<PostgreSqlArchiveDbContext>(provider, connectionString)),
            DatabaseProvider.SqlServer => new SqlServerArchiveDbContext(Options<SqlServerArchiveDbContext>(provider, connectionString)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown archive provider."),
        };

    internal static DbContextOptions<TContext> Options<TContext>(DatabaseProvider provider, string connectionString)
        where TContext : ArchiveDbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        Configure(builder, provider, connectionString);
        return builder.Options;
    }
}
