using Battleship.Engine;
using Battleship.Grains.Persistence;

namespace Battleship.Db.Archive.Entities;

/// <summary>
/// A row of <c>match_log</c>: one entry of a match's append-only log, written by the match grain
/// before the move it records is acknowledged. <see cref="Seq"/> is the log's version: the primary
/// key <c>(match_id, seq)</c> lets exactly one writer append each position, so a second activation
/// of the same match cannot append. The moves of a finished match are its entries of kind
/// <see cref="MatchLogKind.Shot"/>, <see cref="MatchLogKind.Resign"/> and
/// <see cref="MatchLogKind.Timeout"/>, in order; the archive reads them from here (they are not
/// copied when the match is archived).
/// </summary>
public sealed class MatchLogRow
{
    /// <summary>The match (the match grain's key; a <c>matches</c> row exists once the match is archived).</summary>
    public Guid MatchId { get; set; }

    /// <summary>Position in the log: 0 is the <see cref="MatchLogKind.Setup"/>, then 1, 2, 3 … without gaps.</summary>
    public int Seq { get; set; }

    public MatchLogKind Kind { get; set; }

    /// <summary>Who moved (0 or 1): placements, shots, resignations and timeouts; none otherwise.</summary>
    public short? Player { get; set; }

    /// <summary>The cell fired at (row × columns + column); shots only.</summary>
    public short? Cell { get; set; }

    /// <summary>What the shot did; shots only.</summary>
    public ShotOutcome? Outcome { get; set; }

    /// <summary>The ship the shot sank (Sunk and Win only).</summary>
    public string? SunkShip { get; set; }

    /// <summary>When the entry was accepted.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>
    /// The entry's document (JSON, at most <see cref="ArchiveLimits.LogDataMaxLength"/> characters):
    /// the setup (players, rules, first player, seed, clock, room, fleets placed at the start), a
    /// placed fleet, or a chat line; none for moves.
    /// </summary>
    public string? Data { get; set; }
}
