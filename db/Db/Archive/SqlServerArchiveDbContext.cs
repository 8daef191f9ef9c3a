using Battleship.Db.Archive.Entities;
using Battleship.Grains.Models;
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

    /// <inheritdoc />
    /// <remarks>
    /// <c>UPDLOCK</c> holds an update lock to the end of the transaction (a second <c>UPDLOCK</c>
    /// read waits); <c>HOLDLOCK</c> (serializable for this read) also locks the key range of a
    /// missing row, so a concurrent first match of the same participant waits instead of inserting
    /// a duplicate; <c>ROWLOCK</c> keeps it to the row.
    /// </remarks>
    internal override IQueryable<RatingRow> RatingForUpdate(ParticipantRef participant) =>
        participant.Kind == ParticipantKind.User
            ? Ratings.FromSql($"SELECT * FROM ratings WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE user_id = {participant.Id}")
            : Ratings.FromSql($"SELECT * FROM ratings WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE agent_id = {participant.Id}");
}
