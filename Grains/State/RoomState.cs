using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>The persisted state of a room.</summary>
[GenerateSerializer, Alias("battleship.state.room")]
public sealed class RoomState
{
    [Id(0)]
    public bool Created { get; set; }

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public Guid OwnerId { get; set; }

    [Id(3)]
    public bool IsPrivate { get; set; }

    /// <summary>Open, full, in match or closed.</summary>
    [Id(4)]
    public RoomStatus Status { get; set; }

    /// <summary>The seat holders (at most two), in seat order.</summary>
    [Id(5)]
    public List<SeatState> Players { get; set; } = [];

    [Id(6)]
    public List<ParticipantState> Spectators { get; set; } = [];

    [Id(7)]
    public int MaxSpectators { get; set; }

    /// <summary>The agent in the second seat, if the room is against AI.</summary>
    [Id(8)]
    public Guid? AgentId { get; set; }

    [Id(9)]
    public Guid? MatchId { get; set; }

    /// <summary>When the room was created.</summary>
    [Id(10)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Grows with every change; the lobby ignores older versions.</summary>
    [Id(11)]
    public int Version { get; set; }

    /// <summary>How many matches the room has started (the next one's id derives from it).</summary>
    [Id(12)]
    public int MatchesStarted { get; set; }

    /// <summary>
    /// The time control of its matches: seconds per shot, 0 untimed; null in a room stored before
    /// rooms had one (it plays with the silo's default).
    /// </summary>
    [Id(13)]
    public int? TurnSeconds { get; set; }

    /// <summary>Until when the two players may agree to a rematch; null when none may be (no match ended, declined, lapsed).</summary>
    [Id(14)]
    public DateTimeOffset? RematchUntil { get; set; }

    /// <summary>The players who offered the rematch of the last match (kept while the rematch is played, so a retried offer is answered alike).</summary>
    [Id(15)]
    public List<Guid> RematchOffers { get; set; } = [];
}

/// <summary>A seat holder and whether they are ready.</summary>
[GenerateSerializer, Alias("battleship.state.seat")]
public sealed class SeatState
{
    [Id(0)]
    public ParticipantState Participant { get; set; } = new();

    [Id(1)]
    public bool IsReady { get; set; }
}

/// <summary>The persisted state of the lobby: the public rooms that are not closed.</summary>
[GenerateSerializer, Alias("battleship.state.lobby")]
public sealed class LobbyState
{
    /// <summary>The listed rooms by id.</summary>
    [Id(0)]
    public Dictionary<Guid, LobbyEntryState> Rooms { get; set; } = [];
}

[GenerateSerializer, Alias("battleship.state.lobby-entry")]
public sealed class LobbyEntryState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public string OwnerName { get; set; } = "";

    [Id(2)]
    public RoomStatus Status { get; set; }

    [Id(3)]
    public int Players { get; set; }

    [Id(4)]
    public int Spectators { get; set; }

    [Id(5)]
    public bool VersusAgent { get; set; }

    /// <summary>When the room was created.</summary>
    [Id(6)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The room's version when last reported.</summary>
    [Id(7)]
    public int Version { get; set; }

    /// <summary>The room's time control (seconds per shot, 0 untimed; 60, the default, in an entry stored before rooms had one).</summary>
    [Id(8)]
    public int TurnSeconds { get; set; } = 60;

    public static LobbyEntryState From(RoomSummary room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new()
        {
            Name = room.Name,
            OwnerName = room.OwnerName,
            Status = room.Status,
            Players = room.Players,
            Spectators = room.Spectators,
            VersusAgent = room.VersusAgent,
            CreatedAt = room.CreatedAt,
            Version = room.Version,
            TurnSeconds = room.TurnSeconds,
        };
    }

    public RoomSummary ToSummary(Guid id) =>
        new(id, Name, OwnerName, Status, Players, Spectators, VersusAgent, CreatedAt, Version, TurnSeconds);
}
