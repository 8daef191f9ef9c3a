namespace Battleship.Db.Archive;

/// <summary>How an agent chooses its shots.</summary>
public enum AgentKind
{
    /// <summary>A hand-written policy from the engine (random, hunt/target, parity, density).</summary>
    Heuristic,

    /// <summary>A deep Q-network loaded from a checkpoint.</summary>
    Dqn,
}

/// <summary>Where a room stands.</summary>
public enum RoomStatus
{
    /// <summary>Waiting for players.</summary>
    Open,

    /// <summary>Every seat is taken; no match yet.</summary>
    Full,

    /// <summary>A match is being played in the room.</summary>
    InMatch,

    /// <summary>The room is closed for good.</summary>
    Closed,
}

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

/// <summary>What an archived move records. (Named apart from the engine's <c>MoveKind</c>.)</summary>
public enum MoveRecordKind
{
    /// <summary>A shot at a cell.</summary>
    Shot,

    /// <summary>The player resigned.</summary>
    Resign,

    /// <summary>The player's clock ran out.</summary>
    Timeout,
}

/// <summary>What an entry of a match's log (<c>match_log</c>) records.</summary>
public enum MatchLogKind
{
    /// <summary>The match's setup (always entry 0): players, rules, first player, seed, clock, room and any fleet placed at the start.</summary>
    Setup,

    /// <summary>A player placed their fleet.</summary>
    Placement,

    /// <summary>A shot was accepted.</summary>
    Shot,

    /// <summary>A player gave up.</summary>
    Resign,

    /// <summary>A player ran out of time and forfeited.</summary>
    Timeout,

    /// <summary>A chat line was posted.</summary>
    Chat,

    /// <summary>The finished match was rated, archived and reported (the last entry).</summary>
    Completed,
}

/// <summary>What a shot did. (Named apart from the engine's <c>ShotOutcome</c>; same members.)</summary>
public enum MoveOutcome
{
    /// <summary>Open water.</summary>
    Miss,

    /// <summary>A ship was hit and is still afloat.</summary>
    Hit,

    /// <summary>A ship was sunk.</summary>
    Sunk,

    /// <summary>The last ship afloat was sunk.</summary>
    Win,
}

/// <summary>Where a training job stands.</summary>
public enum TrainingJobStatus
{
    /// <summary>Waiting for a trainer silo.</summary>
    Queued,

    /// <summary>Training.</summary>
    Running,

    /// <summary>Finished normally.</summary>
    Completed,

    /// <summary>Stopped by an error.</summary>
    Failed,

    /// <summary>Stopped on request.</summary>
    Cancelled,
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
