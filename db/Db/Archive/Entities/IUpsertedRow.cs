namespace Battleship.Db.Archive.Entities;

/// <summary>
/// A row that the archive upserts by the id its grain assigns (<see cref="ArchiveWriter.UpsertAsync"/>):
/// inserted once with its creation time, then updated in place. Not part of the mapping.
/// </summary>
public interface IUpsertedRow
{
    /// <summary>The id (the grain's key).</summary>
    Guid Id { get; set; }

    /// <summary>When the row's subject was created; written on insert only.</summary>
    DateTimeOffset CreatedAt { get; set; }
}
