using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>
/// The archive on SQL Server: JSON columns are <c>nvarchar(max)</c> with an <c>ISJSON</c> check;
/// identity columns use a binary collation so that uniqueness is case-sensitive as on PostgreSQL.
/// Owns the migrations in <c>Migrations/SqlServer</c>.
/// </summary>
/// <param name="options">Options built by <see cref="ArchiveDatabase"/>.</param>
public sealed class SqlServerArchiveDbContext(DbContextOptions<SqlServerArchiveDbContext> options) : ArchiveDbContext(options)
{
    /// <inheritdoc />
    protected override string? JsonColumnType => null;

    /// <inheritdoc />
    protected override string? OrdinalCollation => "Latin1_General_100_BIN2";

    /// <inheritdoc />
    protected override string? JsonCheck(string column) => $"ISJSON({column}) = 1";
}
