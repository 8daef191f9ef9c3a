namespace Battleship.Db.Archive;

/// <summary>Why a match ended.</summary>
public enum MatchEndReason
{
    /// <summary>The winner sank the last ship.</summary>
    Win,

    /// <summary>The loser resigned.</summary>
    Resign,

    /// <summary>The loser ran out of time.</summary>
    Timeout,

    /// <summary>The match was abandoned; it may have no winner.</summary>
    Abandoned,
}

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
