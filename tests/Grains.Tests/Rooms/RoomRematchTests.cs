namespace Battleship.Grains.Tests.Rooms;

/// <summary>The rematch rules of a room: both players agree, the first move alternates, nobody else may, and not once it lapsed.</summary>
public class RoomRematchTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    [Fact]
    public async Task Rematch_WhenBothOffer_StartsANewMatchInTheSameRoom_WhoMovedSecondMovesFirst()
    {
        var (room, owner, guest) = await RoomAfterAMatchAsync(turnSeconds: 45);
        var ended = await room.GetAsync();

        var offered = await room.RematchAsync(guest.Id, accept: true);
        var agreed = await room.RematchAsync(owner.Id, accept: true);

        Assert.Equal(RoomStatus.Closed, offered.Status);
        Assert.Equal([guest.Id], offered.Rematch!.OfferedBy);
        Assert.Equal(ended.MatchId, offered.MatchId); // one offer starts nothing
        Assert.Equal(RoomStatus.InMatch, agreed.Status);
        Assert.Null(agreed.Rematch);
        Assert.NotEqual(ended.MatchId, agreed.MatchId);
        var first = await MatchAsync(ended.MatchId!.Value, owner.Id);
        var second = await MatchAsync(agreed.MatchId!.Value, owner.Id);
        Assert.Equal(0, first.FirstPlayer);
        Assert.Equal(1, second.FirstPlayer);
        Assert.Equal(agreed.Id, second.RoomId);
        Assert.Equal(45, second.TurnSeconds);
        Assert.Equal([owner.Id, guest.Id], second.Players.Select(p => p.Id));
        Assert.Equal(RoomStatus.InMatch, (await LobbyEntryAsync(agreed.Id))!.Status); // listed again, as in a match

        await EndMatchAsync(agreed.MatchId.Value, guest.Id);
        await room.RematchAsync(owner.Id, accept: true);
        var third = await room.RematchAsync(guest.Id, accept: true);

        Assert.Equal(0, (await MatchAsync(third.MatchId!.Value, owner.Id)).FirstPlayer); // and back again
    }

    [Fact]
    public async Task Rematch_AfterTheMatch_IsOffered_AndTheLobbyNoLongerListsTheRoom()
    {
        var (room, _, _) = await RoomAfterAMatchAsync();

        var view = await room.GetAsync();

        Assert.Equal(RoomStatus.Closed, view.Status);
        Assert.NotNull(view.Rematch);
        Assert.Empty(view.Rematch.OfferedBy);
        Assert.Equal(Fixture.Time.GetUtcNow() + RoomGrain.RematchWindow, view.Rematch.OpenUntil);
        Assert.Null(await LobbyEntryAsync(view.Id));
    }

    [Fact]
    public async Task Rematch_OfferedTwiceByOnePlayer_StartsNothing()
    {
        var (room, owner, _) = await RoomAfterAMatchAsync();
        var ended = await room.GetAsync();

        await room.RematchAsync(owner.Id, accept: true);
        var again = await room.RematchAsync(owner.Id, accept: true);

        Assert.Equal(RoomStatus.Closed, again.Status);
        Assert.Equal([owner.Id], again.Rematch!.OfferedBy);
        Assert.Equal(ended.MatchId, again.MatchId);
    }

    [Fact]
    public async Task Rematch_ByASpectatorOrAStranger_IsNotAMember_AndChangesNothing()
    {
        var (room, owner, _) = await RoomAfterAMatchAsync(withSpectator: true);
        var stranger = await Fixture.NewUserAsync("stranger");
        await room.RematchAsync(owner.Id, accept: true);
        var before = await room.GetAsync();
        var spectator = before.Spectators.Single();

        var bySpectator = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(spectator.Id, accept: true));
        var byStranger = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(stranger.Id, accept: false));

        Assert.Equal([ErrorCode.NotAMember, ErrorCode.NotAMember], [bySpectator.Code, byStranger.Code]);
        Assert.Equal(before, await room.GetAsync(), RoomViewComparer.Instance);
    }

    [Fact]
    public async Task Rematch_KeepsTheSpectators_WhoFollowIntoTheNewMatch()
    {
        var (room, owner, guest) = await RoomAfterAMatchAsync(withSpectator: true);
        var spectator = (await room.GetAsync()).Spectators.Single();

        await room.RematchAsync(owner.Id, accept: true);
        var agreed = await room.RematchAsync(guest.Id, accept: true);

        Assert.Equal([spectator.Id], agreed.Spectators.Select(s => s.Id));
        Assert.Equal(ViewerRole.Spectator, (await MatchAsync(agreed.MatchId!.Value, spectator.Id)).Role);
    }

    [Fact]
    public async Task Rematch_Declined_EndsTheOfferForBoth()
    {
        var (room, guest) = await RoomWithTheOwnersOfferAsync();

        var declined = await room.RematchAsync(guest.Id, accept: false);
        var late = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(guest.Id, accept: true));

        Assert.Equal(RoomStatus.Closed, declined.Status);
        Assert.Null(declined.Rematch);
        Assert.Equal(ErrorCode.InvalidTransition, late.Code);
    }

    [Fact]
    public async Task Rematch_AfterAPlayerLeft_IsRefused()
    {
        var (room, guest) = await RoomWithTheOwnersOfferAsync();

        var left = await room.LeaveAsync(guest.Id);
        var error = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(guest.Id, accept: true));

        Assert.Null(left.Rematch);
        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
    }

    [Fact]
    public async Task Rematch_OnceTheOfferLapsed_IsRefused()
    {
        var (room, guest) = await RoomWithTheOwnersOfferAsync();

        Fixture.Time.Advance(RoomGrain.RematchWindow);
        var error = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(guest.Id, accept: true));

        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
        Assert.Null((await room.GetAsync()).Rematch);
    }

    [Fact]
    public async Task Rematch_BeforeAnyMatch_DuringTheMatch_OrInARoomClosedByItsOwner_IsAnInvalidTransition()
    {
        var owner = await Fixture.NewUserAsync("owner");
        var guest = await Fixture.NewUserAsync("guest");
        var room = Fixture.Grains.GetGrain<IRoomGrain>(Guid.NewGuid());
        await room.CreateAsync(owner, new CreateRoomRequest("table"));
        await room.JoinAsync(guest, asSpectator: false);

        var beforeAny = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(owner.Id, accept: true));
        await room.SetReadyAsync(owner.Id, true);
        await room.SetReadyAsync(guest.Id, true);
        var during = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(owner.Id, accept: true));
        var closedRoom = Fixture.Grains.GetGrain<IRoomGrain>(Guid.NewGuid());
        await closedRoom.CreateAsync(owner, new CreateRoomRequest("closed"));
        await closedRoom.CloseAsync(owner.Id);
        var closed = await Assert.ThrowsAsync<BattleshipException>(() => closedRoom.RematchAsync(owner.Id, accept: true));

        Assert.All([beforeAny, during, closed], e => Assert.Equal(ErrorCode.InvalidTransition, e.Code));
        Assert.Equal(RoomStatus.InMatch, (await room.GetAsync()).Status);
    }

    [Fact]
    public async Task Rematch_AgainstAnAgent_IsNotOffered()
    {
        var owner = await Fixture.NewUserAsync("owner");
        var room = Fixture.Grains.GetGrain<IRoomGrain>(Guid.NewGuid());
        await room.CreateAsync(owner, new CreateRoomRequest("vs AI", AgentId: BuiltInAgents.Density));
        var started = await room.SetReadyAsync(owner.Id, true);
        await EndMatchAsync(started.MatchId!.Value, owner.Id);

        var ended = await room.GetAsync();
        var error = await Assert.ThrowsAsync<BattleshipException>(() => room.RematchAsync(owner.Id, accept: true));

        Assert.Equal(RoomStatus.Closed, ended.Status);
        Assert.Null(ended.Rematch); // the end screen's "Play again" starts a new match instead
        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
    }

    [Fact]
    public async Task Rematch_OfferedAgain_AfterItStarted_IsAnsweredAsBefore()
    {
        var (room, guest) = await RoomWithTheOwnersOfferAsync();
        var started = await room.RematchAsync(guest.Id, accept: true);

        var retried = await room.RematchAsync(guest.Id, accept: true); // the gateway retries a call that timed out but ran

        Assert.Equal(started, retried, RoomViewComparer.Instance);
    }

    private async Task<(IRoomGrain Room, Participant Owner, Participant Guest)> RoomAfterAMatchAsync(
        int? turnSeconds = null,
        bool withSpectator = false
    )
    {
        var owner = await Fixture.NewUserAsync("owner");
        var guest = await Fixture.NewUserAsync("guest");
        var room = Fixture.Grains.GetGrain<IRoomGrain>(Guid.NewGuid());
        await room.CreateAsync(owner, new CreateRoomRequest("rematch table", TurnSeconds: turnSeconds));
        await room.JoinAsync(guest, asSpectator: false);
        if (withSpectator)
        {
            await room.JoinAsync(await Fixture.NewUserAsync("watcher"), asSpectator: true);
        }
        await room.SetReadyAsync(owner.Id, true);
        var started = await room.SetReadyAsync(guest.Id, true);
        await EndMatchAsync(started.MatchId!.Value, owner.Id);
        return (room, owner, guest);
    }

    /// <summary>A room after a match (<see cref="RoomAfterAMatchAsync"/>) whose owner has offered a rematch to the guest.</summary>
    private async Task<(IRoomGrain Room, Participant Guest)> RoomWithTheOwnersOfferAsync()
    {
        var (room, owner, guest) = await RoomAfterAMatchAsync();
        await room.RematchAsync(owner.Id, accept: true);
        return (room, guest);
    }

    /// <summary>Ends a match by <paramref name="loserId"/>'s resignation and completes it (which tells its room).</summary>
    private async Task EndMatchAsync(Guid matchId, Guid loserId)
    {
        var match = Fixture.Grains.GetGrain<IMatchGrain>(matchId);
        await match.ResignAsync(loserId);
        await match.CompleteAsync();
    }

    private Task<MatchView> MatchAsync(Guid matchId, Guid viewerId) => Fixture.Grains.GetGrain<IMatchGrain>(matchId).GetViewAsync(viewerId);

    private async Task<RoomSummary?> LobbyEntryAsync(Guid roomId)
    {
        var lobby = Fixture.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key);
        for (var n = 1; ; n++)
        {
            var page = await lobby.ListRoomsAsync(new RoomQuery(PageNumber: n, PageSize: Limits.MaxPageSize));
            if (page.Items.FirstOrDefault(r => r.Id == roomId) is { } found)
            {
                return found;
            }
            if (n * page.PageSize >= page.TotalCount)
            {
                return null;
            }
        }
    }
}
