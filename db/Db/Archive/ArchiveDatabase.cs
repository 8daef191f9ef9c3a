using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>
/// The one place that turns a provider and a connection string into EF Core options, so the
/// service registration, the migrator and the design-time factories configure the archive alike.
/// </summary>
public static class ArchiveDatabase
{
    /// <summary>
    /// Transient failures (a dropped connection, a failover) are retried this many times. Few, and
    /// soon: every caller waits for the retries, and a database that is really away must come
    /// back to the caller as <c>Unavailable</c> within seconds (EF Core's default, six retries up
    /// to 30 s apart, held a request for about a minute and outlasted grain activations).
    /// </summary>
    public const int MaxRetries = 3;

    /// <summary>The longest wait between two retries (EF Core backs off exponentially up to it, with jitter).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

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
                    npgsql.EnableRetryOnFailure(MaxRetries, MaxRetryDelay, errorCodesToAdd: null);
                }
            ),
            DatabaseProvider.SqlServer => builder.UseSqlServer(
                connectionString,
                sql =>
                {
                    sql.MigrationsHistoryTable(ArchiveDbContext.MigrationsHistoryTable);
                    sql.EnableRetryOnFailure(MaxRetries, MaxRetryDelay, errorNumbersToAdd: null);
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
