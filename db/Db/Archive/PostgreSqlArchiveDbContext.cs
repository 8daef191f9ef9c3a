using Battleship.Db.Archive.Entities;
using Battleship.Grains.Models;
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

    /// <inheritdoc />
    /// <remarks>
    /// <c>FOR NO KEY UPDATE</c>: the lock an <c>UPDATE</c> of non-key columns takes anyway, taken
    /// early; it conflicts with itself but not with the key-share locks of foreign-key checks.
    /// </remarks>
    internal override IQueryable<RatingRow> RatingForUpdate(ParticipantRef participant) =>
        participant.Kind == ParticipantKind.User
            ? Ratings.FromSql($"SELECT * FROM ratings WHERE user_id = {participant.Id} FOR NO KEY UPDATE")
            : Ratings.FromSql($"SELECT * FROM ratings WHERE agent_id = {participant.Id} FOR NO KEY UPDATE");
}
