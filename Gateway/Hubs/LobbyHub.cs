using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// <c>/hubs/lobby</c>: signed-in clients receive room created, updated and deleted events (from
/// the gateway's <see cref="LobbyRelay"/>). After connecting or reconnecting, a client lists the
/// rooms once with <see cref="ListRooms"/> and then applies the events.
/// </summary>
[Authorize]
internal sealed class LobbyHub(GrainClient grains) : Hub<ILobbyClient>
{
    /// <summary>The lobby's rooms, as <c>GET /api/rooms</c> lists them.</summary>
    public async Task<Page<RoomSummary>> ListRooms(RoomQuery? query)
    {
        var q = query ?? new RoomQuery();
        Paging.Check(q.PageNumber, q.PageSize);
        return await grains
            .Grain<ILobbyGrain>(ILobbyGrain.Key)
            .CallAsync(nameof(ILobbyGrain.ListRoomsAsync), g => g.ListRoomsAsync(q), Context.ConnectionAborted);
    }
}
