namespace Battleship.Db.Archive;

/// <summary>What a delete did.</summary>
public enum DeleteOutcome
{
    /// <summary>The row and what depends on it were removed or detached as documented.</summary>
    Deleted,

    /// <summary>There was no such row.</summary>
    NotFound,

    /// <summary>Archived matches still name it, so it was kept (the foreign keys restrict).</summary>
    InUse,
}
