namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>moves</c>: one accepted move of an archived match.</summary>
public sealed class MoveRow
{
    /// <summary>The match.</summary>
    public Guid MatchId { get; set; }

    /// <summary>1-based position in the match's move log.</summary>
    public int Number { get; set; }

    /// <summary>Who moved: 0 or 1.</summary>
    public short Player { get; set; }

    /// <summary>Shot, Resign or Timeout.</summary>
    public MoveRecordKind Kind { get; set; }

    /// <summary>The cell fired at (row × columns + column); shots only.</summary>
    public short? Cell { get; set; }

    /// <summary>What the shot did; shots only.</summary>
    public MoveOutcome? Outcome { get; set; }

    /// <summary>The ship the shot sank (Sunk and Win only).</summary>
    public string? SunkShip { get; set; }

    /// <summary>When the move was accepted.</summary>
    public DateTimeOffset At { get; set; }
}
