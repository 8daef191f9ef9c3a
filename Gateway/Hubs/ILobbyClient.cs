namespace Battleship.Gateway.Hubs;

/// <summary>What <c>/hubs/lobby</c> pushes to every connected client.</summary>
public interface ILobbyClient
{
    /// <summary>A public room was created.</summary>
    /// <param name="room">The room as the lobby lists it.</param>
    Task RoomCreated(RoomSummary room);

    /// <summary>A listed room changed (players, spectators, status).</summary>
    /// <param name="room">The room as the lobby lists it now.</param>
    Task RoomUpdated(RoomSummary room);

    /// <summary>A room left the lobby: it closed (or became unlisted).</summary>
    /// <param name="roomId">The room.</param>
    Task RoomDeleted(Guid roomId);
}
