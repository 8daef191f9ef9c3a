using Microsoft.AspNetCore.Http.Connections;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>Connecting test users to the gateway's hubs.</summary>
public static class HubConnections
{
    /// <summary>What <c>/hubs/match</c> pushes.</summary>
    public static IReadOnlyDictionary<string, Type> MatchMethods { get; } =
        new Dictionary<string, Type>
        {
            ["MatchStarted"] = typeof(MatchStartedEvent),
            ["FleetPlaced"] = typeof(FleetPlacedEvent),
            ["ShotFired"] = typeof(ShotFiredEvent),
            ["ChatPosted"] = typeof(ChatPostedEvent),
            ["MatchEnded"] = typeof(MatchEndedEvent),
            ["ViewUpdated"] = typeof(MatchView),
        };

    /// <summary>What <c>/hubs/lobby</c> pushes.</summary>
    public static IReadOnlyDictionary<string, Type> LobbyMethods { get; } =
        new Dictionary<string, Type>
        {
            ["RoomCreated"] = typeof(RoomSummary),
            ["RoomUpdated"] = typeof(RoomSummary),
            ["RoomDeleted"] = typeof(Guid),
        };

    /// <summary>A started connection to <c>/hubs/match</c> for <paramref name="session"/>.</summary>
    public static async Task<HubClient> ConnectMatchAsync(
        this GatewayFactory gateway,
        Session session,
        HttpTransportType transport = HttpTransportType.WebSockets
    )
    {
        var hub = HubClient.Create(gateway, "/hubs/match", session.Token, MatchMethods, transport);
        await hub.Connection.StartAsync(TestContext.Current.CancellationToken);
        return hub;
    }

    /// <summary>A started connection to <c>/hubs/lobby</c> for <paramref name="session"/>.</summary>
    public static async Task<HubClient> ConnectLobbyAsync(this GatewayFactory gateway, Session session)
    {
        var hub = HubClient.Create(gateway, "/hubs/lobby", session.Token, LobbyMethods);
        await hub.Connection.StartAsync(TestContext.Current.CancellationToken);
        return hub;
    }
}
