using Battleship.Grains.Models;

namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>matches</c>: a finished match, with what a replay needs.</summary>
public sealed class MatchRow
{
    /// <summary>The match id (also the MatchGrain key).</summary>
    public Guid Id { get; set; }

    /// <summary>The room the match was played in, while that room is kept.</summary>
    public Guid? RoomId { get; set; }

    /// <summary>Player one, when a user.</summary>
    public Guid? PlayerOneUserId { get; set; }

    /// <summary>Player one, when an agent.</summary>
    public Guid? PlayerOneAgentId { get; set; }

    /// <summary>Player two, when a user.</summary>
    public Guid? PlayerTwoUserId { get; set; }

    /// <summary>Player two, when an agent.</summary>
    public Guid? PlayerTwoAgentId { get; set; }

    /// <summary>The rules (a name or a short JSON document).</summary>
    public string Rules { get; set; } = "";

    /// <summary>Who fired first: 0 or 1.</summary>
    public short FirstPlayer { get; set; }

    /// <summary>Player one's placements (JSON).</summary>
    public string FleetOne { get; set; } = "";

    /// <summary>Player two's placements (JSON).</summary>
    public string FleetTwo { get; set; } = "";

    /// <summary>The winner, 0 or 1; none only for an abandoned match.</summary>
    public short? Winner { get; set; }

    public EndReason EndReason { get; set; }

    /// <summary>When the first move could be made.</summary>
    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>How many rows of <c>moves</c> belong to the match.</summary>
    public int MoveCount { get; set; }
}
