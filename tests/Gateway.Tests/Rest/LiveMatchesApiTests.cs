namespace Battleship.Gateway.Tests.Rest;

/// <summary>GET /api/matches/live: the public rooms' matches in play, and what a stranger who opens one sees.</summary>
public sealed class LiveMatchesApiTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task ListLive_APublicRoomsMatchInPlay_IsListedWithItsPlayers_AFinishedOneIsNot()
    {
        var alice = await Gateway.SignInAsync("Alice");
        var bob = await Gateway.SignInAsync("Bob");
        var playing = await Api.StartRoomMatchAsync(alice, bob);
        var finished = await Api.StartRoomMatchAsync(alice, bob);
        await alice.PostOkAsync<MatchView>($"/api/matches/{finished}/resign");
        var carol = await Gateway.SignInAsync("Carol");

        var live = await carol.GetOkAsync<Page<LiveMatchDto>>("/api/matches/live?pageSize=100");

        var listed = Assert.Single(live.Items, m => m.MatchId == playing);
        Assert.Equal([alice.UserId, bob.UserId], listed.Players.Select(p => p.Id));
        Assert.Equal("Duel", listed.RoomName);
        Assert.Equal((await alice.GetOkAsync<MatchView>($"/api/matches/{playing}")).TurnSeconds, listed.TurnSeconds);
        Assert.DoesNotContain(live.Items, m => m.MatchId == finished);
    }

    [Fact]
    public async Task ListLive_APrivateRoomsMatch_IsNotListed()
    {
        var one = await Gateway.SignInAsync("One");
        var two = await Gateway.SignInAsync("Two");
        var room = await one.CreateRoomAsync("Hidden", isPrivate: true);
        await two.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/join");
        await one.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");
        var started = await two.PostOkAsync<RoomView>($"/api/rooms/{room.Id}/ready");

        var live = await one.GetOkAsync<Page<LiveMatchDto>>("/api/matches/live?pageSize=100");

        Assert.NotNull(started.MatchId);
        Assert.DoesNotContain(live.Items, m => m.MatchId == started.MatchId);
    }

    [Fact]
    public async Task WatchLive_AStrangerOpeningAListedMatch_GetsTheSpectatorsView_WithoutFleets()
    {
        var alice = await Gateway.SignInAsync("Alice");
        var bob = await Gateway.SignInAsync("Bob");
        var match = await Api.StartRoomMatchAsync(alice, bob);
        await alice.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(31) });
        var bobs = await bob.PostOkAsync<MatchView>($"/api/matches/{match}/place", new { placements = Api.Fleet(32) });
        var bobsBoard = bobs.Boards.Single(b => b.Ships is not null);
        var bobsShip = bobsBoard.Ships![0];
        await alice.PostOkAsync<FireResult>($"/api/matches/{match}/fire", new { cell = bobsShip.Cells[0], expectedTurn = 0 });
        var carol = await Gateway.SignInAsync("Carol");
        var listed = Assert.Single(
            (await carol.GetOkAsync<Page<LiveMatchDto>>("/api/matches/live?pageSize=100")).Items,
            m => m.MatchId == match
        );

        var view = await carol.GetOkAsync<MatchView>($"/api/matches/{listed.MatchId}");

        Assert.Equal(ViewerRole.Spectator, view.Role);
        Assert.Equal(MatchStatus.InProgress, view.Status);
        Assert.Equal([bobsShip.Cells[0]], view.Boards.Single(b => b.Owner == bobsBoard.Owner).Hits); // the hit shows...
        Assert.All(view.Boards, b => Assert.Null(b.Ships)); // ...but no fleet
        Assert.All(view.Boards, b => Assert.Empty(b.SunkShips));
        var replay = await carol.GetOkAsync<MatchReplay>($"/api/matches/{match}/replay");
        Assert.All(replay.Fleets, Assert.Null);
    }

    /// <summary>What these tests read of a listed match, by its wire names.</summary>
    public sealed record LiveMatchDto(Guid MatchId, string RoomName, IReadOnlyList<Participant> Players, int TurnSeconds);
}
