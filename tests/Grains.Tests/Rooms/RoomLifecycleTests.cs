namespace Battleship.Grains.Tests.Rooms;

public class RoomLifecycleTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    private IRoomGrain NewRoom() => Fixture.Grains.GetGrain<IRoomGrain>(Guid.NewGuid());

    [Fact]
    public async Task Create_PutsTheOwnerInTheFirstSeat_AndListsTheRoomInTheLobby()
    {
        var owner = await Fixture.NewUserAsync("owner");
        var room = NewRoom();

        var view = await room.CreateAsync(owner, new CreateRoomRequest("Friday night"));

        Assert.Equal(RoomStatus.Open, view.Status);
        Assert.Equal(owner.Id, view.OwnerId);
        Assert.Equal([owner.Id], view.Players.Select(p => p.Participant.Id));
        var listed = await LobbyEntryAsync(view.Id);
        Assert.NotNull(listed);
        Assert.Equal("Friday night", listed.Name);
        Assert.Equal("owner", listed.OwnerName);
        Assert.True(listed.HasSpace);
    }

    [Fact]
    public async Task Create_SentAgainByItsOwner_AnswersTheSameRoom_AndAnyOtherCreateIsRefused()
    {
        var owner = await Fixture.NewUserAsync("owner");
        var other = await Fixture.NewUserAsync("other");
        var room = NewRoom();
        var created = await room.CreateAsync(owner, new CreateRoomRequest("Friday night"));

        var repeated = await room.CreateAsync(owner, new CreateRoomRequest("Friday night")); // its first answer was lost
        var renamed = await Assert.ThrowsAsync<BattleshipException>(() => room.CreateAsync(owner, new CreateRoomRequest("Saturday")));
        var taken = await Assert.ThrowsAsync<BattleshipException>(() => room.CreateAsync(other, new CreateRoomRequest("Friday night")));

        Assert.Equivalent(created, repeated, strict: true);
        Assert.Equal([ErrorCode.InvalidTransition, ErrorCode.InvalidTransition], [renamed.Code, taken.Code]);
        Assert.Equal([owner.Id], (await room.GetAsync()).Players.Select(p => p.Participant.Id));
    }

    [Fact]
    public async Task JoinReadyReady_GoesOpenFullInMatch_AndStartsTheMatch()
    {
        var (room, owner, guest) = await FullRoomAsync();

        var afterOwner = await room.SetReadyAsync(owner.Id, true);
        var afterGuest = await room.SetReadyAsync(guest.Id, true);

        Assert.Equal(RoomStatus.Full, afterOwner.Status);
        Assert.Equal(RoomStatus.InMatch, afterGuest.Status);
        Assert.NotNull(afterGuest.MatchId);
        var match = await Fixture.Grains.GetGrain<IMatchGrain>(afterGuest.MatchId.Value).GetViewAsync(owner.Id);
        Assert.Equal(MatchStatus.Placing, match.Status);
        Assert.Equal(ViewerRole.PlayerOne, match.Role);
        Assert.Equal(RoomStatus.InMatch, (await LobbyEntryAsync(afterGuest.Id))!.Status);
    }

    [Fact]
    public async Task Ready_SentAgainAfterTheMatchStartsAnswerWasLost_StartsNoSecondMatch()
    {
        var (room, owner, guest) = await FullRoomAsync();
        await room.SetReadyAsync(owner.Id, true);
        // The first "ready" started the match (its setup is stored) and then its answer was lost
        // with the match's silo: the room kept nothing, and the guest's ready comes again.
        var lostStart = Fixture.Grains.GetGrain<IMatchGrain>(RoomGrain.MatchIdOf(room.GetPrimaryKey(), 0));
        var first = await lostStart.StartAsync(new MatchSetup(owner, guest, RulesSpec.Standard, RoomId: room.GetPrimaryKey(), Seed: 5));

        var again = await room.SetReadyAsync(guest.Id, true);

        Assert.Equal(RoomStatus.InMatch, again.Status);
        Assert.Equal(first.MatchId, again.MatchId); // the same match, answered again, not a second one
    }

    [Fact]
    public async Task VersusAgent_RoomIsFullAtOnce_AndTheOwnersReadyStartsTheMatchAgainstTheAgent()
    {
        var owner = await Fixture.NewUserAsync("owner");
        var room = NewRoom();

        var created = await room.CreateAsync(owner, new CreateRoomRequest("vs AI", AgentId: BuiltInAgents.Density));
        var started = await room.SetReadyAsync(owner.Id, true);

        Assert.Equal(RoomStatus.Full, created.Status);
        Assert.Equal([ParticipantKind.User, ParticipantKind.Agent], created.Players.Select(p => p.Participant.Kind));
        Assert.True(created.Players[1].IsReady);
        Assert.Equal(RoomStatus.InMatch, started.Status);
        var match = await Fixture.Grains.GetGrain<IMatchGrain>(started.MatchId!.Value).GetViewAsync(owner.Id);
        Assert.Equal(BuiltInAgents.Density, match.Players[1].Id);
        Assert.True(match.Boards[1].FleetPlaced); // the agent placed its fleet at once
        Assert.True((await LobbyEntryAsync(created.Id))!.VersusAgent);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(0)]
    public async Task TimeControl_IsShownByTheRoomAndTheLobby_AndItsMatchPlaysWithIt(int turnSeconds)
    {
        var owner = await Fixture.NewUserAsync("owner");
        var room = NewRoom();

        var created = await room.CreateAsync(
            owner,
            new CreateRoomRequest("clocked", AgentId: BuiltInAgents.Density, TurnSeconds: turnSeconds)
        );
        var listed = await LobbyEntryAsync(created.Id);
        var started = await room.SetReadyAsync(owner.Id, true);

        Assert.Equal(turnSeconds, created.TurnSeconds);
        Assert.Equal(turnSeconds, started.TurnSeconds);
        var match = await Fixture.Grains.GetGrain<IMatchGrain>(started.MatchId!.Value).GetViewAsync(owner.Id);
        Assert.Equal(turnSeconds, match.TurnSeconds);
        Assert.Equal(turnSeconds, listed!.TurnSeconds);
    }

    [Fact]
    public async Task TimeControl_ByDefault_IsTheSilosTurnTimeout_AndTheLobbyShowsIt()
    {
        var owner = await Fixture.NewUserAsync("owner");
        var room = NewRoom();

        var created = await room.CreateAsync(owner, new CreateRoomRequest("default clock"));

        Assert.Equal(60, created.TurnSeconds);
        Assert.Equal(60, (await LobbyEntryAsync(created.Id))!.TurnSeconds);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Limits.MaxTurnSeconds + 1)]
    public async Task Create_WithATimeControlOutOfRange_IsValidation(int turnSeconds)
    {
        var owner = await Fixture.NewUserAsync();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            NewRoom().CreateAsync(owner, new CreateRoomRequest("bad clock", TurnSeconds: turnSeconds))
        );

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task Create_WithAnUnknownAgent_IsNotFound()
    {
        var owner = await Fixture.NewUserAsync();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            NewRoom().CreateAsync(owner, new CreateRoomRequest("ghost", AgentId: Guid.NewGuid()))
        );

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task Join_AFullRoom_IsRoomFull_AndChangesNothing()
    {
        var (room, _, _) = await FullRoomAsync();
        var third = await Fixture.NewUserAsync("third");
        var before = await room.GetAsync();

        var error = await Assert.ThrowsAsync<BattleshipException>(() => room.JoinAsync(third, asSpectator: false));

        Assert.Equal(ErrorCode.RoomFull, error.Code);
        Assert.Equal(before, await room.GetAsync(), RoomViewComparer.Instance);
    }

    [Fact]
    public async Task Spectators_AreBoundedByTheRoom()
    {
        var owner = await Fixture.NewUserAsync();
        var room = NewRoom();
        await room.CreateAsync(owner, new CreateRoomRequest("small", MaxSpectators: 1));
        var first = await Fixture.NewUserAsync();
        var second = await Fixture.NewUserAsync();

        var view = await room.JoinAsync(first, asSpectator: true);
        var error = await Assert.ThrowsAsync<BattleshipException>(() => room.JoinAsync(second, asSpectator: true));

        Assert.Equal([first.Id], view.Spectators.Select(s => s.Id));
        Assert.Equal(ErrorCode.RoomFull, error.Code);
    }

    [Fact]
    public async Task Join_Twice_IsIdempotent()
    {
        var (room, _, guest) = await FullRoomAsync();
        var before = await room.GetAsync();

        var again = await room.JoinAsync(guest, asSpectator: false);

        Assert.Equal(before.Version, again.Version);
        Assert.Equal(2, again.Players.Count);
    }

    [Fact]
    public async Task Leave_ByTheGuest_ReopensTheSeat_AndResetsReadiness()
    {
        var (room, owner, guest) = await FullRoomAsync();
        await room.SetReadyAsync(owner.Id, true);

        var view = await room.LeaveAsync(guest.Id);

        Assert.Equal(RoomStatus.Open, view.Status);
        Assert.Equal([owner.Id], view.Players.Select(p => p.Participant.Id));
        Assert.False(view.Players[0].IsReady);
    }

    [Fact]
    public async Task Leave_ByTheOwner_ClosesTheRoom_AndRemovesItFromTheLobby()
    {
        var (room, owner, _) = await FullRoomAsync();

        var view = await room.LeaveAsync(owner.Id);

        Assert.Equal(RoomStatus.Closed, view.Status);
        Assert.Null(await LobbyEntryAsync(view.Id));
    }

    [Fact]
    public async Task Kick_ByTheOwner_RemovesTheMember()
    {
        var (room, owner, guest) = await FullRoomAsync();

        var view = await room.KickAsync(owner.Id, guest.Id);

        Assert.Equal(RoomStatus.Open, view.Status);
        Assert.DoesNotContain(view.Players, p => p.Participant.Id == guest.Id);
    }

    [Fact]
    public async Task Close_ByTheOwner_ClosesTheRoom()
    {
        var (room, owner, _) = await FullRoomAsync();

        var view = await room.CloseAsync(owner.Id);

        Assert.Equal(RoomStatus.Closed, view.Status);
    }

    public static TheoryData<string, ErrorCode> InvalidRequests =>
        new()
        {
            { "guest kicks", ErrorCode.NotOwner },
            { "guest closes", ErrorCode.NotOwner },
            { "owner kicks self", ErrorCode.Validation },
            { "stranger leaves", ErrorCode.NotAMember },
            { "stranger gets ready", ErrorCode.NotAMember },
            { "owner kicks stranger", ErrorCode.NotAMember },
        };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task InvalidRequests_AreTypedErrors_AndChangeNothing(string request, ErrorCode expected)
    {
        var (room, owner, guest) = await FullRoomAsync();
        var stranger = await Fixture.NewUserAsync("stranger");
        var before = await room.GetAsync();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            request switch
            {
                "guest kicks" => room.KickAsync(guest.Id, owner.Id),
                "guest closes" => room.CloseAsync(guest.Id),
                "owner kicks self" => room.KickAsync(owner.Id, owner.Id),
                "stranger leaves" => room.LeaveAsync(stranger.Id),
                "stranger gets ready" => room.SetReadyAsync(stranger.Id, true),
                "owner kicks stranger" => room.KickAsync(owner.Id, stranger.Id),
                _ => throw new ArgumentOutOfRangeException(nameof(request)),
            }
        );

        Assert.Equal(expected, error.Code);
        Assert.Equal(before, await room.GetAsync(), RoomViewComparer.Instance);
    }

    [Fact]
    public async Task Ready_Again_AfterItStartedTheMatch_IsAnsweredAsBefore_AndChangesNothing()
    {
        var (room, owner, guest) = await FullRoomAsync();
        await room.SetReadyAsync(owner.Id, true);
        var started = await room.SetReadyAsync(guest.Id, true);

        var retried = await room.SetReadyAsync(guest.Id, true); // the gateway retries a call that timed out but ran

        Assert.Equal(RoomStatus.InMatch, retried.Status);
        Assert.Equal(started.MatchId, retried.MatchId);
        Assert.Equal(started, await room.GetAsync(), RoomViewComparer.Instance);
    }

    public static TheoryData<string> TransitionsAfterStart => ["join", "leave", "ready", "kick", "close"];

    [Theory]
    [MemberData(nameof(TransitionsAfterStart))]
    public async Task InMatch_RoomChanges_AreInvalidTransitions(string request)
    {
        var (room, owner, guest) = await FullRoomAsync();
        await room.SetReadyAsync(owner.Id, true);
        await room.SetReadyAsync(guest.Id, true);
        var latecomer = await Fixture.NewUserAsync();
        var before = await room.GetAsync();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            request switch
            {
                "join" => room.JoinAsync(latecomer, asSpectator: false),
                "leave" => room.LeaveAsync(guest.Id),
                "ready" => room.SetReadyAsync(owner.Id, false),
                "kick" => room.KickAsync(owner.Id, guest.Id),
                _ => room.CloseAsync(owner.Id),
            }
        );

        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
        Assert.Equal(before, await room.GetAsync(), RoomViewComparer.Instance);
    }

    [Fact]
    public async Task Closed_RoomChanges_AreInvalidTransitions()
    {
        var (room, owner, guest) = await FullRoomAsync();
        await room.CloseAsync(owner.Id);
        var latecomer = await Fixture.NewUserAsync();

        Assert.Equal(
            ErrorCode.InvalidTransition,
            (await Assert.ThrowsAsync<BattleshipException>(() => room.JoinAsync(latecomer, false))).Code
        );
        Assert.Equal(ErrorCode.InvalidTransition, (await Assert.ThrowsAsync<BattleshipException>(() => room.CloseAsync(owner.Id))).Code);
        Assert.Equal(
            ErrorCode.InvalidTransition,
            (await Assert.ThrowsAsync<BattleshipException>(() => room.SetReadyAsync(guest.Id, true))).Code
        );
    }

    [Fact]
    public async Task Create_Invalid_IsAValidationError()
    {
        var owner = await Fixture.NewUserAsync();

        var blank = await Assert.ThrowsAsync<BattleshipException>(() => NewRoom().CreateAsync(owner, new CreateRoomRequest("  ")));
        var tooLong = await Assert.ThrowsAsync<BattleshipException>(() =>
            NewRoom().CreateAsync(owner, new CreateRoomRequest(new string('x', 49)))
        );
        var spectators = await Assert.ThrowsAsync<BattleshipException>(() =>
            NewRoom().CreateAsync(owner, new CreateRoomRequest("ok", MaxSpectators: 33))
        );

        Assert.All([blank, tooLong, spectators], e => Assert.Equal(ErrorCode.Validation, e.Code));
    }

    [Fact]
    public async Task Get_UnknownRoom_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() => NewRoom().GetAsync());

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task PrivateRooms_AreNotListed()
    {
        var owner = await Fixture.NewUserAsync();
        var view = await NewRoom().CreateAsync(owner, new CreateRoomRequest("secret", IsPrivate: true));

        Assert.Null(await LobbyEntryAsync(view.Id));
    }

    [Fact]
    public async Task Lobby_FiltersAndPages()
    {
        var owner = await Fixture.NewUserAsync();
        var open = await NewRoom().CreateAsync(owner, new CreateRoomRequest("open one"));
        var (full, _, _) = await FullRoomAsync();
        var fullId = (await full.GetAsync()).Id;
        var lobby = Fixture.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key);

        var withSpace = await lobby.ListRoomsAsync(new RoomQuery(HasSpace: true, PageSize: 100));
        var fullOnes = await lobby.ListRoomsAsync(new RoomQuery(Status: RoomStatus.Full, PageSize: 100));
        var firstPage = await lobby.ListRoomsAsync(new RoomQuery(PageNumber: 1, PageSize: 1));
        var error = await Assert.ThrowsAsync<BattleshipException>(() => lobby.ListRoomsAsync(new RoomQuery(PageSize: 101)));

        Assert.Contains(withSpace.Items, r => r.Id == open.Id);
        Assert.DoesNotContain(withSpace.Items, r => r.Id == fullId);
        Assert.Contains(fullOnes.Items, r => r.Id == fullId);
        Assert.All(fullOnes.Items, r => Assert.Equal(RoomStatus.Full, r.Status));
        Assert.Single(firstPage.Items);
        Assert.True(firstPage.TotalCount >= 2);
        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task LobbyObservers_SeeCreatedUpdatedAndRemoved()
    {
        await using var events = await LobbyEvents.SubscribeAsync(Fixture);
        var owner = await Fixture.NewUserAsync();
        var guest = await Fixture.NewUserAsync();
        var room = NewRoom();

        var created = await room.CreateAsync(owner, new CreateRoomRequest("watched"));
        await room.JoinAsync(guest, asSpectator: false);
        await room.CloseAsync(owner.Id);

        Assert.Equal(RoomStatus.Open, (await events.NextChangeAsync(created.Id)).Status);
        Assert.Equal(RoomStatus.Full, (await events.NextChangeAsync(created.Id)).Status);
        await events.RemovedAsync(created.Id);
    }

    [Fact]
    public async Task LobbyDeactivation_TellsItsObservers_TheirSubscriptionEnds()
    {
        await using var events = await LobbyEvents.SubscribeAsync(Fixture);

        await Fixture.Cluster.DeactivateAsync(Fixture.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key));

        await events.SubscriptionEnding;
    }

    private async Task<(IRoomGrain Room, Participant Owner, Participant Guest)> FullRoomAsync()
    {
        var owner = await Fixture.NewUserAsync("owner");
        var guest = await Fixture.NewUserAsync("guest");
        var room = NewRoom();
        await room.CreateAsync(owner, new CreateRoomRequest("table"));
        await room.JoinAsync(guest, asSpectator: false);
        return (room, owner, guest);
    }

    private async Task<RoomSummary?> LobbyEntryAsync(Guid roomId)
    {
        var page = await Fixture.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key).ListRoomsAsync(new RoomQuery(PageSize: Limits.MaxPageSize));
        for (var n = 2; page.Items.All(r => r.Id != roomId) && (n - 1) * page.PageSize < page.TotalCount; n++)
        {
            page = await Fixture
                .Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key)
                .ListRoomsAsync(new RoomQuery(PageNumber: n, PageSize: Limits.MaxPageSize));
        }
        return page.Items.FirstOrDefault(r => r.Id == roomId);
    }
}

/// <summary>Compares room views by value (their lists compare by content).</summary>
internal sealed class RoomViewComparer : IEqualityComparer<RoomView>
{
    public static RoomViewComparer Instance { get; } = new();

    public bool Equals(RoomView? x, RoomView? y) =>
        x is not null
        && y is not null
        && x with { Players = [], Spectators = [], Rematch = null } == y with { Players = [], Spectators = [], Rematch = null }
        && x.Players.SequenceEqual(y.Players)
        && x.Spectators.SequenceEqual(y.Spectators)
        && (x.Rematch, y.Rematch) switch
        {
            (null, null) => true,
            ({ } a, { } b) => a.OpenUntil == b.OpenUntil && a.OfferedBy.SequenceEqual(b.OfferedBy),
            _ => false,
        };

    public int GetHashCode(RoomView obj) => obj.Id.GetHashCode();
}
