using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>
/// A room: two player seats and some spectator places; the match starts when both players are
/// ready. Every invalid transition is a <see cref="BattleshipException"/> and changes nothing.
/// </summary>
[Alias("battleship.room-grain")]
public interface IRoomGrain : IGrainWithGuidKey
{
    /// <summary>Creates the room with <paramref name="owner"/> in the first seat.</summary>
    [Alias("create")]
    Task<RoomView> CreateAsync(Participant owner, CreateRoomRequest request);

    /// <summary>The room; <see cref="ErrorCode.NotFound"/> if it was never created.</summary>
    [Alias("get")]
    Task<RoomView> GetAsync();

    /// <summary>Takes a free seat, or a spectator place.</summary>
    [Alias("join")]
    Task<RoomView> JoinAsync(Participant user, bool asSpectator);

    /// <summary>Leaves the room (the owner leaving closes it).</summary>
    [Alias("leave")]
    Task<RoomView> LeaveAsync(Guid userId);

    /// <summary>Marks a player ready or not; when both are ready the match starts.</summary>
    [Alias("ready")]
    Task<RoomView> SetReadyAsync(Guid userId, bool ready);

    /// <summary>The owner removes a member.</summary>
    [Alias("kick")]
    Task<RoomView> KickAsync(Guid ownerId, Guid memberId);

    /// <summary>The owner closes the room.</summary>
    [Alias("close")]
    Task<RoomView> CloseAsync(Guid ownerId);

    /// <summary>
    /// A player offers (<paramref name="accept"/> true) or declines a rematch after the room's match ended.
    /// When both players have offered, a new match starts in the room with the same time control, the
    /// player who moved second moving first. Declining ends the offer for both.
    /// </summary>
    [Alias("rematch")]
    Task<RoomView> RematchAsync(Guid userId, bool accept);

    /// <summary>The room's match ended (called by the match).</summary>
    [Alias("match-ended")]
    Task MatchEndedAsync(Guid matchId);
}
