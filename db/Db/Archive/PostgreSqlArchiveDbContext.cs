using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>
/// The archive on PostgreSQL: JSON columns are <c>jsonb</c>; text compares exactly by default.
/// Owns the migrations in <c>Migrations/PostgreSql</c>.
/// </summary>
/// <param name="options">Options built by <see cref="ArchiveDatabase"/>.</param>
public sealed class PostgreSqlArchiveDbContext(DbContextOptions<PostgreSqlArchiveDbContext> options) : ArchiveDbContext(options)
{
    /// <inheritdoc />
    protected override string? JsonColumnType => "jsonb";

    /// <inheritdoc />
    protected override string? OrdinalCollation => null;

    /// <inheritdoc />
    protected override string? JsonCheck(string column) => null;
}
