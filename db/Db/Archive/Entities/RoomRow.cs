using Battleship.Grains.Models;

namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>rooms</c>: the last snapshot of a room, for listings and match provenance.</summary>
public sealed class RoomRow : IUpsertedRow
{
    /// <summary>The room id (also the RoomGrain key).</summary>
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The user who created the room.</summary>
    public Guid OwnerUserId { get; set; }

    /// <summary>Whether the room is hidden from the lobby.</summary>
    public bool IsPrivate { get; set; }

    /// <summary>The agent seated in the room, if it is a game against an AI.</summary>
    public Guid? AiAgentId { get; set; }

    /// <summary>Open, Full, InMatch or Closed.</summary>
    public RoomStatus Status { get; set; }

    /// <summary>When the room was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the room closed; set exactly when <see cref="Status"/> is Closed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}
