using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Battleship.Db.Archive;

/// <summary>One archive migration and whether a database has it.</summary>
/// <param name="Id">The migration id (timestamp and name, for example <c>20261128200545_InitialArchive</c>).</param>
/// <param name="Name">The name part (<c>InitialArchive</c>), which <see cref="ArchiveMigrator.MigrateAsync"/> also accepts.</param>
/// <param name="Applied">Whether the database has it.</param>
public sealed record ArchiveMigration(string Id, string Name, bool Applied);

/// <summary>
/// Applies or reverts the archive's EF Core migrations of one engine. Runs outside the pooled
/// factory on a context of its own; safe to run while the application is up (EF Core takes a
/// migration lock).
/// </summary>
/// <param name="logger">Where to say what was done.</param>
public sealed partial class ArchiveMigrator(ILogger<ArchiveMigrator>? logger = null)
{
    /// <summary>The target that reverts every migration (an empty archive).</summary>
    public const string Empty = Migration.InitialDatabase;

    private readonly ILogger _logger = logger ?? NullLogger<ArchiveMigrator>.Instance;

    /// <summary>
    /// Brings the archive to <paramref name="targetMigration"/>: the latest migration when null, a
    /// named migration otherwise (up or down to it: its <c>Down</c> methods run when the database is
    /// ahead), or nothing at all with <see cref="Empty"/> (<c>"0"</c>). Creates the database if it
    /// does not exist.
    /// </summary>
    /// <param name="provider">The engine.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="targetMigration">Null, a migration name or id, or <c>"0"</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the database is there.</returns>
    /// <exception cref="InvalidOperationException">Unknown target migration.</exception>
    public async Task MigrateAsync(
        DatabaseProvider provider,
        string connectionString,
        string? targetMigration = null,
        CancellationToken cancellationToken = default
    )
    {
        await using var context = ArchiveDatabase.CreateContext(provider, connectionString);
        if (targetMigration is not null && targetMigration != Empty)
        {
            var known = context.Database.GetMigrations().ToList();
            if (!known.Any(id => id == targetMigration || NameOf(id) == targetMigration))
            {
                throw new InvalidOperationException(
                    $"The archive has no migration '{targetMigration}' for {provider}. Known: {string.Join(", ", known.Select(NameOf))}."
                );
            }
        }
        var before = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
        await context.Database.MigrateAsync(targetMigration, cancellationToken);
        var after = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
        ArchiveMigrated(_logger, provider, targetMigration ?? "latest", before, after);
    }

    /// <summary>Every migration of <paramref name="provider"/>, oldest first, and whether the database has it.</summary>
    /// <param name="provider">The engine.</param>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The migrations.</returns>
    public async Task<IReadOnlyList<ArchiveMigration>> ListMigrationsAsync(
        DatabaseProvider provider,
        string connectionString,
        CancellationToken cancellationToken = default
    )
    {
        await using var context = ArchiveDatabase.CreateContext(provider, connectionString);
        var applied = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        List<ArchiveMigration> migrations =
        [
            .. context.Database.GetMigrations().Select(id => new ArchiveMigration(id, NameOf(id), applied.Contains(id))),
        ];
        ArchiveMigrationsListed(_logger, provider, applied.Count, migrations.Count);
        return migrations;
    }

    /// <summary>
    /// The SQL script that takes an archive from <paramref name="fromMigration"/> to
    /// <paramref name="toMigration"/> (defaults: from nothing to the latest). Needs no connection,
    /// so it also serves databases that only an operator can reach (SQL Server in production).
    /// </summary>
    /// <param name="provider">The engine.</param>
    /// <param name="fromMigration">Start (null or <c>"0"</c>: an empty database).</param>
    /// <param name="toMigration">End (null: the latest).</param>
    /// <param name="idempotent">Whether each migration checks the history table before it runs.</param>
    /// <returns>The script.</returns>
    public static string GenerateScript(
        DatabaseProvider provider,
        string? fromMigration = null,
        string? toMigration = null,
        bool idempotent = false
    )
    {
        var placeholder =
            provider == DatabaseProvider.PostgreSql
                ? "Host=localhost;Database=archive"
                : "Server=localhost;Database=archive;TrustServerCertificate=True";
        using var context = ArchiveDatabase.CreateContext(provider, placeholder);
        var options = idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default;
        return context.GetService<IMigrator>().GenerateScript(fromMigration, toMigration, options);
    }

    private static string NameOf(string migrationId) => migrationId.Length > 15 && migrationId[14] == '_' ? migrationId[15..] : migrationId;

    [LoggerMessage(5001, LogLevel.Information, "Archive on {Provider} migrated to {Target}: {Before} → {After} migrations applied")]
    private static partial void ArchiveMigrated(ILogger logger, DatabaseProvider provider, string target, int before, int after);

    [LoggerMessage(5002, LogLevel.Debug, "Archive on {Provider}: {Applied} of {Known} migrations applied")]
    private static partial void ArchiveMigrationsListed(ILogger logger, DatabaseProvider provider, int applied, int known);
}
