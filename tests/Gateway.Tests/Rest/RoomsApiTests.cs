namespace Battleship.Gateway.Tests.Rest;

public sealed class RoomsApiTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task CreateRoom_ValidName_Is201WithTheOwnerSeated()
    {
        var owner = await Gateway.SignInAsync("Owner");

        var response = await owner.PostAsync("/api/rooms", new { name = "  Harbour  ", maxSpectators = 2 });
        var room = await response.ReadAsync<RoomView>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/rooms/{room.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Harbour", room.Name);
        Assert.Equal(RoomStatus.Open, room.Status);
        Assert.Equal(owner.UserId, Assert.Single(room.Players).Participant.Id);
        Assert.Equal(2, room.MaxSpectators);
    }

    [Fact]
    public async Task CreateRoom_WithATimeControl_ShowsIt_AndOutOfRangeIs400()
    {
        var owner = await Gateway.SignInAsync("Owner");

        var untimed = await owner.PostOkAsync<RoomView>("/api/rooms", new { name = "No clock", turnSeconds = 0 });
        var quick = await owner.PostOkAsync<RoomView>("/api/rooms", new { name = "Blitz", turnSeconds = 15 });
        var bad = await owner.PostAsync("/api/rooms", new { name = "Forever", turnSeconds = 86_401 });

        Assert.Equal(0, untimed.TurnSeconds);
        Assert.Equal(15, quick.TurnSeconds);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateRoom_SentAgainWithItsIdempotencyKey_AnswersTheSameRoom_AndCreatesNoOther()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var other = await Gateway.SignInAsync("Other");
        var key = Guid.NewGuid().ToString();

        var first = await owner.PostOnceAsync("/api/rooms", key, new { name = "Once" });
        var again = await owner.PostOnceAsync("/api/rooms", key, new { name = "Once" });
        var othersWithTheSameKey = await other.PostOnceAsync("/api/rooms", key, new { name = "Once" });
        var withoutKey = await owner.PostAsync("/api/rooms", new { name = "Once" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var room = await first.ReadAsync<RoomView>();
        var repeated = await again.ReadAsync<RoomView>();
        Assert.Equal(room.Id, repeated.Id);
        Assert.Equal(owner.UserId, Assert.Single(repeated.Players).Participant.Id);
        Assert.NotEqual(room.Id, (await othersWithTheSameKey.ReadAsync<RoomView>()).Id);
        Assert.NotEqual(room.Id, (await withoutKey.ReadAsync<RoomView>()).Id);
    }

    [Fact]
    public async Task CreateRoom_SameIdempotencyKey_DifferentRequest_Is409_AndABadKeyIs400()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var key = Guid.NewGuid().ToString();
        await owner.PostOnceAsync("/api/rooms", key, new { name = "First" });

        var different = await owner.PostOnceAsync("/api/rooms", key, new { name = "Second" });
        var badKey = await owner.PostOnceAsync("/api/rooms", "has spaces", new { name = "Third" });

        await different.AssertProblemAsync(HttpStatusCode.Conflict, "InvalidTransition");
        await badKey.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task CreateRoom_BlankName_Is400()
    {
        var owner = await Gateway.SignInAsync("Owner");

        var response = await owner.PostAsync("/api/rooms", new { name = " " });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task CreateRoom_UnknownAgent_Is404()
    {
        var owner = await Gateway.SignInAsync("Owner");

        var response = await owner.PostAsync("/api/rooms", new { name = "Versus nobody", agentId = Guid.NewGuid() });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    [Trait("Suite", "Auth")]
    public async Task CreateRoom_NoToken_Is401()
    {
        var response = await Gateway
            .CreateClient()
            .PostAsync(new Uri("/api/rooms", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ListRooms_VsAiFilter_SeparatesAgentRooms()
    {
        var owner = await Gateway.SignInAsync("Lister");
        var versusAgent = await owner.CreateRoomAsync("Against the machine", BuiltInAgents.Hunt);
        var versusPeople = await owner.CreateRoomAsync("Against people");

        var agentRooms = await owner.GetOkAsync<Page<RoomSummary>>("/api/rooms?vsAi=true&pageSize=100");
        var peopleRooms = await owner.GetOkAsync<Page<RoomSummary>>("/api/rooms?vsAi=false&hasSpace=true&pageSize=100");

        Assert.Contains(agentRooms.Items, r => r.Id == versusAgent.Id);
        Assert.DoesNotContain(agentRooms.Items, r => r.Id == versusPeople.Id);
        Assert.Contains(peopleRooms.Items, r => r.Id == versusPeople.Id);
        Assert.DoesNotContain(peopleRooms.Items, r => r.Id == versusAgent.Id);
    }

    [Fact]
    public async Task ListRooms_PrivateRoom_IsNotListed()
    {
        var owner = await Gateway.SignInAsync("Hermit");
        var room = await owner.CreateRoomAsync("Hideout", isPrivate: true);

        var rooms = await owner.GetOkAsync<Page<RoomSummary>>("/api/rooms?pageSize=100");

        Assert.DoesNotContain(rooms.Items, r => r.Id == room.Id);
    }

    [Fact]
    public async Task JoinRoom_SecondPlayer_FillsIt()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var guest = await Gateway.SignInAsync("Guest");
        var room = await owner.CreateRoomAsync();

        var joined = await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join");

        Assert.Equal(RoomStatus.Full, joined.Status);
        Assert.Equal([owner.UserId, guest.UserId], joined.Players.Select(p => p.Participant.Id));
    }

    [Fact]
    public async Task JoinRoom_ThirdPlayer_Is409RoomFull()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var room = await owner.CreateRoomAsync();
        await (await Gateway.SignInAsync("Second")).PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join");
        var third = await Gateway.SignInAsync("Third");

        var response = await third.PostAsync($"/api/rooms/{room.Id}/join");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "RoomFull");
    }

    [Fact]
    public async Task JoinRoom_AsSpectator_Watches()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var watcher = await Gateway.SignInAsync("Watcher");
        var room = await owner.CreateRoomAsync();

        var joined = await watcher.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join", new { asSpectator = true });

        Assert.Equal(watcher.UserId, Assert.Single(joined.Spectators).Id);
        Assert.Single(joined.Players);
    }

    [Fact]
    public async Task Leave_NotAMember_Is403()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var stranger = await Gateway.SignInAsync("Stranger");
        var room = await owner.CreateRoomAsync();

        var response = await stranger.PostAsync($"/api/rooms/{room.Id}/leave");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "NotAMember");
    }

    [Fact]
    public async Task Leave_Guest_ReopensTheSeat()
    {
        var (owner, guest, room) = await Gateway.RoomWithAGuestAsync();

        var left = await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/leave");

        Assert.Equal(RoomStatus.Open, left.Status);
        Assert.Single(left.Players);
    }

    [Theory]
    [InlineData("kick")]
    [InlineData("close")]
    public async Task KickOrClose_ByTheGuest_Is403NotOwner(string action)
    {
        var (owner, guest, room) = await Gateway.RoomWithAGuestAsync();

        var response = await guest.PostAsync($"/api/rooms/{room.Id}/{action}", new { userId = owner.UserId });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "NotOwner");
    }

    [Fact]
    public async Task Kick_ByOwner_RemovesTheGuest()
    {
        var (owner, guest, room) = await Gateway.RoomWithAGuestAsync();

        var kicked = await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/kick", new { userId = guest.UserId });

        Assert.Equal(owner.UserId, Assert.Single(kicked.Players).Participant.Id);
        Assert.Equal(RoomStatus.Open, kicked.Status);
    }

    [Fact]
    public async Task Kick_NoBody_Is400()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var room = await owner.CreateRoomAsync();

        var response = await owner.Http.PostAsync(
            new Uri($"/api/rooms/{room.Id}/kick", UriKind.Relative),
            null,
            TestContext.Current.CancellationToken
        );

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task Close_ByOwner_RemovesItFromTheLobby()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var room = await owner.CreateRoomAsync("Closing time");

        var closed = await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/close");
        var rooms = await owner.GetOkAsync<Page<RoomSummary>>("/api/rooms?pageSize=100");

        Assert.Equal(RoomStatus.Closed, closed.Status);
        Assert.DoesNotContain(rooms.Items, r => r.Id == room.Id);
    }

    [Fact]
    public async Task Close_Twice_Is409()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var room = await owner.CreateRoomAsync();
        await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/close");

        var response = await owner.PostAsync($"/api/rooms/{room.Id}/close");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "InvalidTransition");
    }

    [Fact]
    public async Task Ready_BothPlayers_StartsTheMatch()
    {
        var (owner, guest, room) = await Gateway.RoomWithAGuestAsync();
        await owner.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready", new { ready = true });

        var started = await guest.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        var match = await owner.GetOkAsync<MatchView>($"/api/matches/{started.MatchId}");

        Assert.Equal(RoomStatus.InMatch, started.Status);
        Assert.Equal(MatchStatus.Placing, match.Status);
        Assert.Equal(ViewerRole.PlayerOne, match.Role);
        Assert.Equal(room.Id, match.RoomId);
    }

    [Fact]
    public async Task Ready_Spectator_Is403()
    {
        var owner = await Gateway.SignInAsync("Owner");
        var watcher = await Gateway.SignInAsync("Watcher");
        var room = await owner.CreateRoomAsync();
        await watcher.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join", new { asSpectator = true });

        var response = await watcher.PostAsync($"/api/rooms/{room.Id}/ready");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "NotAMember");
    }
}
