namespace Battleship.Grains.Models;

/// <summary>
/// Where a room stands: Open → Full → InMatch → Closed (and Open ↔ Full as players come and go); a room
/// whose match ended goes back to InMatch when both players agree to a rematch (see <see cref="RematchView"/>).
/// </summary>
public enum RoomStatus
{
    /// <summary>A player seat is free.</summary>
    Open,

    /// <summary>Both player seats are taken; the match starts when both are ready.</summary>
    Full,

    /// <summary>The match is being played.</summary>
    InMatch,

    /// <summary>
    /// Finished or closed by its owner: nobody joins any more. After a match between two users, the two
    /// players may still agree to a rematch while its offer is open (<see cref="RoomView.Rematch"/>).
    /// </summary>
    Closed,
}

/// <summary>What a new room looks like.</summary>
/// <param name="Name">Shown in the lobby (1–48 characters).</param>
/// <param name="IsPrivate">Private rooms are not listed in the lobby; they are joined by id.</param>
/// <param name="AgentId">When set, the second seat is taken by this agent (a match against AI).</param>
/// <param name="MaxSpectators">How many may watch (0–<see cref="Limits.MaxSpectators"/>).</param>
/// <param name="TurnSeconds">
/// The time control: seconds per shot (1–<see cref="Limits.MaxTurnSeconds"/>), <see cref="Limits.Untimed"/>
/// for no clock, null for the silo's default (60 s).
/// </param>
[GenerateSerializer, Immutable, Alias("battleship.create-room")]
public sealed record CreateRoomRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] bool IsPrivate = false,
    [property: Id(2)] Guid? AgentId = null,
    [property: Id(3)] int MaxSpectators = Limits.DefaultSpectators,
    [property: Id(4)] int? TurnSeconds = null
);

/// <summary>A seat holder or spectator of a room.</summary>
[GenerateSerializer, Immutable, Alias("battleship.room-member")]
public sealed record RoomMember([property: Id(0)] Participant Participant, [property: Id(1)] bool IsReady);

/// <summary>
/// A room as its members see it; <c>TurnSeconds</c> is the time control of its match (seconds per shot, 0
/// when untimed); <c>Rematch</c> is set while a rematch may be agreed (after a match between two users).
/// </summary>
[GenerateSerializer, Immutable, Alias("battleship.room-view")]
public sealed record RoomView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] bool IsPrivate,
    [property: Id(4)] RoomStatus Status,
    [property: Id(5)] IReadOnlyList<RoomMember> Players,
    [property: Id(6)] IReadOnlyList<Participant> Spectators,
    [property: Id(7)] int MaxSpectators,
    [property: Id(8)] Guid? AgentId,
    [property: Id(9)] Guid? MatchId,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] int Version,
    [property: Id(12)] int TurnSeconds,
    [property: Id(13)] RematchView? Rematch = null
);

/// <summary>
/// A rematch that the room's two players may agree to after their match ended: it starts when both
/// have offered it; either may decline (or leave), which ends the offer for both.
/// </summary>
/// <param name="OfferedBy">The players who have offered (pressed "Rematch"), none, one or (for a moment) both.</param>
/// <param name="OpenUntil">When the offer lapses if it has not been agreed.</param>
[GenerateSerializer, Immutable, Alias("battleship.rematch-view")]
public sealed record RematchView([property: Id(0)] IReadOnlyList<Guid> OfferedBy, [property: Id(1)] DateTimeOffset OpenUntil);

/// <summary>A room as the lobby lists it; <c>TurnSeconds</c> is the time control of its match (seconds per shot, 0 when untimed).</summary>
[GenerateSerializer, Immutable, Alias("battleship.room-summary")]
public sealed record RoomSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string OwnerName,
    [property: Id(3)] RoomStatus Status,
    [property: Id(4)] int Players,
    [property: Id(5)] int Spectators,
    [property: Id(6)] bool VersusAgent,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] int Version,
    [property: Id(9)] int TurnSeconds
)
{
    /// <summary>Whether a player seat is free.</summary>
    public bool HasSpace => Status == RoomStatus.Open && Players < 2;
}

/// <summary>Filters and paging for the lobby's room list.</summary>
[GenerateSerializer, Immutable, Alias("battleship.room-query")]
public sealed record RoomQuery(
    [property: Id(0)] RoomStatus? Status = null,
    [property: Id(1)] bool? HasSpace = null,
    [property: Id(2)] bool? VersusAgent = null,
    [property: Id(3)] int PageNumber = 1,
    [property: Id(4)] int PageSize = 20
);
