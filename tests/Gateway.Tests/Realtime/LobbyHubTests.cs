using Battleship.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Gateway.Tests.Realtime;

public sealed class LobbyHubTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task Lobby_SeesRoomsCreatedUpdatedAndDeleted()
    {
        var watcher = await Gateway.SignInAsync("Lobbyist");
        var owner = await Gateway.SignInAsync("Host");
        var guest = await Gateway.SignInAsync("Guest");
        await using var lobby = await Gateway.ConnectLobbyAsync(watcher);

        var room = await owner.CreateRoomAsync("Announced");
        var created = await lobby.NextAsync<RoomSummary>("RoomCreated", r => r.Id == room.Id);
        await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join");
        var updated = await lobby.NextAsync<RoomSummary>("RoomUpdated", r => r.Id == room.Id);
        await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/close");
        var deleted = await lobby.NextAsync<Guid>("RoomDeleted", id => id == room.Id);

        Assert.Equal("Announced", created.Name);
        Assert.Equal("Host", created.OwnerName);
        Assert.Equal(1, created.Players);
        Assert.Equal(RoomStatus.Open, created.Status);
        Assert.Equal(2, updated.Players);
        Assert.Equal(RoomStatus.Full, updated.Status);
        Assert.Equal(room.Id, deleted);
    }

    [Fact]
    public async Task ALobbyThatForgotThisGateway_IsSubscribedAgainWhenTheSilosChange()
    {
        var watcher = await Gateway.SignInAsync("Lobbyist");
        var owner = await Gateway.SignInAsync("Host");
        await using var lobby = await Gateway.ConnectLobbyAsync(watcher);
        // The lobby moves (here: it is deactivated): its new activation has no subscribers.
        await Fixture.Cluster.DeactivateAsync(Fixture.Grains.GetGrain<Grains.ILobbyGrain>(Grains.ILobbyGrain.Key));

        await Gateway.Services.GetRequiredService<LobbyRelay>().RenewNowAsync(); // as when the cluster's silos change
        var room = await owner.CreateRoomAsync("After the move");

        Assert.Equal("After the move", (await lobby.NextAsync<RoomSummary>("RoomCreated", r => r.Id == room.Id)).Name);
    }

    [Fact]
    public async Task Lobby_PrivateRoom_IsNotAnnounced()
    {
        var watcher = await Gateway.SignInAsync("Lobbyist");
        var owner = await Gateway.SignInAsync("Host");
        await using var lobby = await Gateway.ConnectLobbyAsync(watcher);

        var hidden = await owner.CreateRoomAsync("Hidden", isPrivate: true);
        var visible = await owner.CreateRoomAsync("Visible");
        await lobby.NextAsync<RoomSummary>("RoomCreated", r => r.Id == visible.Id);

        Assert.DoesNotContain(lobby.Seen<RoomSummary>("RoomCreated"), r => r.Id == hidden.Id);
    }

    [Fact]
    public async Task ListRooms_ThroughTheHub_MatchesTheLobby()
    {
        var owner = await Gateway.SignInAsync("Host");
        var room = await owner.CreateRoomAsync("Listed");
        await using var lobby = await Gateway.ConnectLobbyAsync(owner);

        var page = await lobby.Connection.InvokeAsync<Page<RoomSummary>>(
            "ListRooms",
            new RoomQuery(PageSize: 100),
            TestContext.Current.CancellationToken
        );

        Assert.Contains(page.Items, r => r.Id == room.Id);
    }

    [Fact]
    [Trait("Suite", "Auth")]
    public async Task Lobby_WithoutToken_IsRefused()
    {
        await using var lobby = HubClient.Create(Gateway, "/hubs/lobby", token: null, HubConnections.LobbyMethods);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            lobby.Connection.StartAsync(TestContext.Current.CancellationToken)
        );

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
