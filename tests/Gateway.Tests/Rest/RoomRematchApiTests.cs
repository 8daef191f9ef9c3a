namespace Battleship.Gateway.Tests.Rest;

/// <summary><c>POST /api/rooms/{id}/rematch</c> and what the lobby hub says of a room in a rematch.</summary>
public sealed class RoomRematchApiTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task Rematch_BothPlayers_StartANewMatchInTheRoom_TheOtherPlayerMovingFirst()
    {
        var (owner, guest, room, first) = await RoomAfterAMatchAsync();

        var ended = await owner.GetOkAsync<RoomView>($"/api/rooms/{room.Id}");
        var offered = await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/rematch");
        var agreed = await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/rematch", new { accept = true });
        var firstMatch = await owner.GetOkAsync<MatchView>($"/api/matches/{first}");
        var rematch = await owner.GetOkAsync<MatchView>($"/api/matches/{agreed.MatchId}");

        Assert.Equal(RoomStatus.Closed, ended.Status);
        Assert.Empty(ended.Rematch!.OfferedBy);
        Assert.Equal([guest.UserId], offered.Rematch!.OfferedBy);
        Assert.Equal(RoomStatus.InMatch, agreed.Status);
        Assert.NotEqual(first, agreed.MatchId);
        Assert.Equal(0, firstMatch.FirstPlayer);
        Assert.Equal(1, rematch.FirstPlayer);
        Assert.Equal(MatchStatus.Placing, rematch.Status);
        Assert.Equal(room.TurnSeconds, rematch.TurnSeconds);
    }

    [Fact]
    public async Task Rematch_ByASpectator_Is403ProblemDetails()
    {
        var (_, _, room, _) = await RoomAfterAMatchAsync();
        var stranger = await Gateway.SignInAsync("Stranger");

        var response = await stranger.PostAsync($"/api/rooms/{room.Id}/rematch");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "NotAMember");
    }

    [Fact]
    public async Task Rematch_AfterTheOtherDeclined_Is409ProblemDetails()
    {
        var (owner, guest, room, _) = await RoomAfterAMatchAsync();

        var declined = await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/rematch", new { accept = false });
        var response = await owner.PostAsync($"/api/rooms/{room.Id}/rematch");

        Assert.Null(declined.Rematch);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "InvalidTransition");
    }

    [Fact]
    public async Task Rematch_DuringTheMatch_Is409_AndAnUnknownRoomIs404()
    {
        var (owner, guest, room) = await Gateway.RoomWithAGuestAsync();
        await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");

        var during = await owner.PostAsync($"/api/rooms/{room.Id}/rematch");
        var unknown = await owner.PostAsync($"/api/rooms/{Guid.NewGuid()}/rematch");

        await during.AssertProblemAsync(HttpStatusCode.Conflict, "InvalidTransition");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Lobby_SeesTheRoomGoneAtTheEnd_AndInAMatchAgainOnceTheRematchStarts()
    {
        var watcher = await Gateway.SignInAsync("Lobbyist");
        await using var lobby = await Gateway.ConnectLobbyAsync(watcher);
        var (owner, guest, room, _) = await RoomAfterAMatchAsync();
        await lobby.NextAsync<Guid>("RoomDeleted", id => id == room.Id);

        await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/rematch");
        await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/rematch");
        var again = await lobby.NextAsync<RoomSummary>("RoomUpdated", r => r.Id == room.Id && r.Status == RoomStatus.InMatch);

        Assert.Equal(2, again.Players);
        Assert.Equal(room.TurnSeconds, again.TurnSeconds);
    }

    /// <summary>A public room whose first match ended: the owner resigned it.</summary>
    private async Task<(Session Owner, Session Guest, RoomView Room, Guid MatchId)> RoomAfterAMatchAsync()
    {
        var (owner, guest, room) = await Gateway.RoomWithAGuestAsync();
        await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        var started = await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        await owner.PostOkAsync<MatchView>($"/api/matches/{started.MatchId}/resign"); // the room hears of the end before it answers
        return (owner, guest, room, started.MatchId!.Value);
    }
}
