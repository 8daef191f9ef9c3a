using System.Text.Json;
using Battleship.Engine;
using Battleship.Engine.Policies;
using Battleship.Grains.Matches;
using Battleship.Grains.State;
using static Battleship.Grains.Tests.Matches.OfflineMatches;

namespace Battleship.Grains.Tests.Matches;

/// <summary>The rules of a match on their own: no cluster, no storage, no clock but the times passed in.</summary>
public class MatchRulesTests
{
    private static readonly Participant Hunt = new(ParticipantKind.Agent, BuiltInAgents.Hunt, "Hunt");
    private static readonly FleetLayout FleetOne = FleetLayout.Random(GameRules.Standard, 7);
    private static readonly FleetLayout FleetTwo = FleetLayout.Random(GameRules.Standard, 1007);

    private static int Miss(FleetLayout target, int after = 0) =>
        Enumerable.Range(after, GameRules.Standard.Cells - after).First(c => !Bitboard.Contains(target.Occupied, c));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Theory]
    [InlineData("same player twice")]
    [InlineData("first player 2")]
    [InlineData("turn of half a second")]
    [InlineData("turn of a negative second")]
    [InlineData("turn of two days")]
    public void Validate_ASetupThatCannotStart_IsValidation(string problem)
    {
        var setup = problem switch
        {
            "same player twice" => Setup(two: One),
            "first player 2" => Setup(firstPlayer: 2),
            "turn of a negative second" => Setup(turnTimeout: TimeSpan.FromSeconds(-1)),
            "turn of two days" => Setup(turnTimeout: TimeSpan.FromDays(2)),
            _ => Setup(turnTimeout: TimeSpan.FromMilliseconds(500)),
        };

        var error = Assert.Throws<BattleshipException>(() => MatchRules.Validate(setup));

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public void Start_TwoPeople_IsPlacing_WithNoClockYet()
    {
        var match = NewMatch();

        var began = match.Start(Setup(), [null, null], Turn, T0);

        Assert.False(began);
        Assert.Equal(MatchStatus.Placing, match.State.Status);
        Assert.Equal(Turn.TotalSeconds, match.State.TurnTimeoutSeconds);
        Assert.Equal(T0, match.State.StartedAt);
        Assert.Null(match.State.TurnDeadline);
        Assert.Null(match.PlayerToMove);
    }

    [Fact]
    public void WasStartedBy_TheSamePlayers_IsARepeat_AndOtherPlayersAreInvalidTransition()
    {
        var match = Started();

        var repeated = match.WasStartedBy(Setup());
        var error = Assert.Throws<BattleshipException>(() => match.WasStartedBy(Setup(two: Hunt)));

        Assert.True(repeated);
        Assert.Equal(ErrorCode.InvalidTransition, error.Code);
        Assert.False(NewMatch().WasStartedBy(Setup()));
    }

    [Fact]
    public void Game_BeforeTheStart_IsNotFound()
    {
        var match = NewMatch();

        var error = Assert.Throws<BattleshipException>(() => match.Game);

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.False(match.IsStarted);
    }

    [Fact]
    public void Start_AgainstAnAgentThatPlacedItsFleet_BeginsWhenThePersonPlaces_AndOnlyThePersonIsOnTheClock()
    {
        var match = NewMatch();
        match.Start(Setup(two: Hunt, firstPlayer: 1), [null, FleetTwo.ToPlacements()], Turn, T0);

        var (_, began) = match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0.AddSeconds(3));

        Assert.True(began);
        Assert.Equal(MatchStatus.InProgress, match.State.Status);
        Assert.Equal(1, match.PlayerToMove);
        Assert.True(match.IsAgentTurn);
        Assert.Null(match.State.TurnDeadline);
    }

    [Fact]
    public void PlaceFleet_TheSecondFleet_BeginsPlay_AndStartsTheFirstPlayersClock()
    {
        var match = Started();
        match.PlaceFleet(1, FleetTwo.ToPlacements(), 0, T0);

        var (fleet, began) = match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0.AddSeconds(2));

        Assert.True(began);
        Assert.Equal(FleetOne.Occupied, fleet.Occupied);
        Assert.Equal(MatchStatus.InProgress, match.State.Status);
        Assert.Equal(0, match.PlayerToMove);
        Assert.Equal(T0.AddSeconds(2) + Turn, match.State.TurnDeadline);
        Assert.Equal(2, match.Version);
    }

    [Fact]
    public void PlaceFleet_Random_PlacesTheFleetOfTheSeed()
    {
        var match = Started();

        var (fleet, _) = match.PlaceFleet(0, null, 99, T0);

        Assert.Equal(FleetLayout.Random(GameRules.Standard, 99).Occupied, fleet.Occupied);
        Assert.Equal(fleet.Placements.Length, match.State.FleetOne!.Count);
    }

    [Fact]
    public void PlaceFleet_Invalid_IsInvalidPlacement_AndTwiceIsFleetAlreadyPlaced()
    {
        var match = Started();
        var overlapping = FleetOne.ToPlacements().Select(p => p with { Row = 0, Column = 0 }).ToList();

        var invalid = Assert.Throws<BattleshipException>(() => match.PlaceFleet(0, overlapping, 0, T0));
        match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0);
        var twice = Assert.Throws<BattleshipException>(() => match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0));

        Assert.Equal(ErrorCode.InvalidPlacement, invalid.Code);
        Assert.Equal(ErrorCode.FleetAlreadyPlaced, twice.Code);
        Assert.Equal(1, match.Version);
    }

    [Fact]
    public void SeatOf_SomeoneElse_IsNotAMember_AndTheySeeAsASpectator()
    {
        var match = Started();
        var stranger = Guid.NewGuid();

        var error = Assert.Throws<BattleshipException>(() => match.SeatOf(stranger));

        Assert.Equal(ErrorCode.NotAMember, error.Code);
        Assert.Equal(1, match.SeatOf(Two.Id));
        Assert.Equal(ViewerRole.Spectator, match.RoleOf(stranger));
        Assert.Equal(ViewerRole.PlayerTwo, match.RoleOf(Two.Id));
    }

    [Fact]
    public void Fire_BeforeBothFleetsArePlaced_IsFleetsNotPlaced()
    {
        var match = Started();

        var error = Assert.Throws<BattleshipException>(() => match.Fire(0, 0, 0, T0));

        Assert.Equal(ErrorCode.FleetsNotPlaced, error.Code);
    }

    [Theory]
    [InlineData("stale turn", ErrorCode.StaleTurn)]
    [InlineData("out of turn", ErrorCode.NotYourTurn)]
    [InlineData("off the board", ErrorCode.OutOfBounds)]
    [InlineData("same cell again", ErrorCode.AlreadyFired)]
    public void Fire_Refused_IsATypedError_AndChangesNothing(string move, ErrorCode expected)
    {
        var match = InProgress(FleetOne, FleetTwo);
        var first = Miss(FleetTwo);
        match.Fire(0, first, 0, T0.AddSeconds(5));
        match.Fire(1, Miss(FleetOne), 1, T0.AddSeconds(6)); // player one is to move at turn 2
        var before = Json(match.State);
        var (player, cell, turn) = move switch
        {
            "stale turn" => (0, Miss(FleetTwo, first + 1), 1),
            "out of turn" => (1, Miss(FleetOne, first + 1), 2),
            "off the board" => (0, GameRules.Standard.Cells, 2),
            _ => (0, first, 2),
        };

        var error = Assert.Throws<BattleshipException>(() => match.Fire(player, cell, turn, T0.AddSeconds(7)));

        Assert.Equal(expected, error.Code);
        Assert.Equal(before, Json(match.State));
        Assert.Equal(2, match.Game.TurnNumber);
    }

    [Fact]
    public void Fire_AMiss_PassesTheTurn_AndStartsTheOpponentsClock()
    {
        var match = InProgress(FleetOne, FleetTwo);
        var cell = Miss(FleetTwo);

        var shot = match.Fire(0, cell, 0, T0.AddSeconds(10));

        Assert.Equal(new[] { 1, 0, cell }, new[] { shot.Number, shot.Player, shot.Cell });
        Assert.Equal(ShotOutcome.Miss, shot.Outcome);
        Assert.Equal(1, match.PlayerToMove);
        Assert.Equal(T0.AddSeconds(10) + Turn, match.State.TurnDeadline);
        Assert.Equal(1, match.NextAfter(shot));
        Assert.Same(shot, match.EarlierShot(0, cell, 0));
        Assert.Null(match.EarlierShot(0, cell + 1, 0));
        Assert.Equal(3, match.Version);
    }

    [Fact]
    public void Fire_SinkingTheLastShip_WinsTheMatch_AndStopsTheClock()
    {
        var match = InProgress(FleetOne, FleetTwo);
        var targets = Enumerable.Range(0, GameRules.Standard.Cells).Where(c => Bitboard.Contains(FleetTwo.Occupied, c)).ToList();
        var misses = Enumerable.Range(0, GameRules.Standard.Cells).Where(c => !Bitboard.Contains(FleetOne.Occupied, c)).ToList();
        MoveState last = null!;
        var at = T0;

        foreach (var target in targets)
        {
            at = at.AddSeconds(1);
            last = match.Fire(0, target, match.Game.TurnNumber, at);
            if (match.PlayerToMove == 1)
            {
                match.Fire(1, misses[match.Game.TurnNumber], match.Game.TurnNumber, at);
            }
        }

        Assert.Equal(ShotOutcome.Win, last.Outcome);
        Assert.Equal(MatchStatus.Finished, match.State.Status);
        Assert.Equal(0, match.State.Winner);
        Assert.Equal(EndReason.Win, match.State.EndReason);
        Assert.Equal(at, match.State.FinishedAt);
        Assert.Null(match.State.TurnDeadline);
        Assert.Null(match.NextAfter(last));
        Assert.True(match.AwaitsCompletion);
    }

    [Fact]
    public void Resign_EndsTheMatchForTheOpponent_AndAfterTheEndIsGameOver()
    {
        var match = InProgress(FleetOne, FleetTwo);

        var move = match.Resign(0, T0.AddSeconds(4));
        var again = Assert.Throws<BattleshipException>(() => match.Resign(1, T0.AddSeconds(5)));
        var fire = Assert.Throws<BattleshipException>(() => match.Fire(1, 0, 1, T0.AddSeconds(5)));
        var place = Assert.Throws<BattleshipException>(() => match.PlaceFleet(1, null, 0, T0.AddSeconds(5)));

        Assert.Equal(MoveKind.Resign, move.Kind);
        Assert.Equal(1, match.State.Winner);
        Assert.Equal(EndReason.Resign, match.State.EndReason);
        Assert.Equal(ErrorCode.GameOver, again.Code);
        Assert.Equal(ErrorCode.GameOver, fire.Code);
        Assert.Equal(ErrorCode.GameOver, place.Code);
    }

    [Fact]
    public void Resign_WhilePlacing_EndsTheMatch()
    {
        var match = Started();

        match.Resign(1, T0.AddSeconds(1));

        Assert.Equal(MatchStatus.Finished, match.State.Status);
        Assert.Equal(0, match.State.Winner);
    }

    [Fact]
    public void Clock_RunsUntilTheDeadline_ThenRunsOut_AndOnlyForTheTurnNow()
    {
        var match = InProgress(FleetOne, FleetTwo);
        var deadline = match.State.TurnDeadline!.Value;

        var before = match.Clock(0, deadline - TimeSpan.FromTicks(1));
        var at = match.Clock(0, deadline);
        var otherTurn = match.Clock(1, deadline);

        Assert.Equal(TurnClock.Running, before);
        Assert.Equal(TurnClock.RanOut, at);
        Assert.Equal(TurnClock.NotRunning, otherTurn);
        Assert.Equal(TurnClock.NotRunning, Started().Clock(0, deadline));
    }

    [Fact]
    public void Forfeit_OnTime_EndsTheMatchWithTimeout()
    {
        var match = InProgress(FleetOne, FleetTwo);

        match.Forfeit(0, EndReason.Timeout, T0.AddMinutes(2));

        Assert.Equal(1, match.State.Winner);
        Assert.Equal(EndReason.Timeout, match.State.EndReason);
        Assert.Equal(TurnClock.NotRunning, match.Clock(1, T0.AddMinutes(3)));
    }

    [Fact]
    public void PutAgentOnTheClock_StartsItsClockOnce()
    {
        var match = NewMatch();
        match.Start(Setup(two: Hunt, firstPlayer: 1), [null, FleetTwo.ToPlacements()], Turn, T0);
        match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0);

        var first = match.PutAgentOnTheClock(T0.AddSeconds(1));
        var second = match.PutAgentOnTheClock(T0.AddSeconds(2));

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(T0.AddSeconds(1) + Turn, match.State.TurnDeadline);
    }

    [Fact]
    public void Untimed_NoPlayerIsEverOnTheClock_AndTheViewSaysZeroSeconds()
    {
        var match = NewMatch();
        MatchRules.Validate(Setup(turnTimeout: TimeSpan.Zero));
        match.Start(Setup(turnTimeout: TimeSpan.Zero), [null, null], Turn, T0);
        match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0);
        match.PlaceFleet(1, FleetTwo.ToPlacements(), 0, T0);

        Assert.Null(match.State.TurnDeadline);
        match.Fire(0, Miss(FleetTwo), 0, T0.AddHours(3));

        Assert.Equal(1, match.PlayerToMove);
        Assert.Null(match.State.TurnDeadline);
        Assert.Equal(TurnClock.NotRunning, match.Clock(1, T0.AddDays(1)));
        Assert.True(match.Untimed);
        var view = match.ViewFor(One.Id);
        Assert.Equal(0, view.TurnSeconds);
        Assert.Null(view.TurnDeadline);
    }

    [Fact]
    public void TimedMatch_TheViewCarriesTheTimeControl_AndTheSilosDefaultWhenTheSetupNamesNone()
    {
        var named = NewMatch();
        named.Start(Setup(turnTimeout: TimeSpan.FromSeconds(15)), [null, null], Turn, T0);
        var byDefault = Started();

        Assert.Equal(15, named.ViewFor(One.Id).TurnSeconds);
        Assert.Equal((int)Turn.TotalSeconds, byDefault.ViewFor(One.Id).TurnSeconds);
        Assert.False(byDefault.Untimed);
    }

    [Fact]
    public void PutAgentOnTheClock_InAnUntimedMatch_GivesTheUnreachableAgentAMinute()
    {
        var match = NewMatch();
        match.Start(Setup(two: Hunt, firstPlayer: 1, turnTimeout: TimeSpan.Zero), [null, FleetTwo.ToPlacements()], Turn, T0);
        match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0);

        Assert.True(match.PutAgentOnTheClock(T0.AddSeconds(1)));

        Assert.Equal(T0.AddSeconds(1) + MatchRules.UnreachableAgentTimeout, match.State.TurnDeadline);
    }

    [Fact]
    public void BuiltInPolicy_IsTheHeuristicAgentsPolicy_AndNoneForAPersonOrADqnAgent()
    {
        var match = NewMatch();
        match.Start(Setup(two: Hunt), [null, FleetTwo.ToPlacements()], Turn, T0);
        var dqn = NewMatch();
        dqn.Start(Setup(two: new Participant(ParticipantKind.Agent, BuiltInAgents.Dqn, "DQN")), [null, FleetTwo.ToPlacements()], Turn, T0);

        Assert.Same(ShotPolicies.HuntTarget, match.BuiltInPolicy(1));
        Assert.Null(match.BuiltInPolicy(0));
        Assert.Null(dqn.BuiltInPolicy(1));
    }

    [Fact]
    public void AgentRequest_CarriesOnlyWhatTheAgentMayKnow_AndASeedOfTheTurn()
    {
        var match = NewMatch();
        match.Start(Setup(two: Hunt), [null, FleetTwo.ToPlacements()], Turn, T0);
        match.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0);
        var cell = Miss(FleetTwo);
        match.Fire(0, cell, 0, T0.AddSeconds(1));

        var request = match.AgentRequest();

        Assert.Equal(match.MatchId, request.MatchId);
        Assert.Equal(default, request.Shots); // nobody has fired at player one yet
        Assert.Equal(default, request.Hits);
        Assert.Equal(Rng.ForStream(5, 3).NextUInt64(), request.Seed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\a")]
    public void ChatLine_EmptyOrNotPrintable_IsValidation(string text)
    {
        var error = Assert.Throws<BattleshipException>(() => MatchRules.ChatLine(text));

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public void Chat_KeepsTheNewestLines_AndNumbersEveryLine()
    {
        var match = NewMatch(chatHistory: 2);
        match.Start(Setup(), [null, null], Turn, T0);

        foreach (var text in new[] { "a", "b", "c" })
        {
            match.Chat(One, MatchRules.ChatLine($" {text} "), T0);
        }

        Assert.Equal(3, match.State.ChatCount);
        Assert.Equal(["b", "c"], match.State.Chat.Select(c => c.Text));
        Assert.Equal([2, 3], match.State.Chat.Select(c => c.Number));
        Assert.Equal(3, match.Version);
    }

    [Fact]
    public void Replay_OfEveryCommand_RebuildsTheMatchThatWasPlayed()
    {
        var live = Started();
        live.PlaceFleet(0, FleetOne.ToPlacements(), 0, T0.AddSeconds(1));
        live.PlaceFleet(1, FleetTwo.ToPlacements(), 0, T0.AddSeconds(2));
        var shot = live.Fire(0, Miss(FleetTwo), 0, T0.AddSeconds(3));
        live.Chat(Two, "hello", T0.AddSeconds(4));
        var reply = live.Fire(1, Miss(FleetOne), 1, T0.AddSeconds(5));

        var replayed = NewMatch(id: live.MatchId);
        replayed.ReplayStart(
            new MatchState // what the start fixed: no fleet was placed then
            {
                Players = live.State.Players,
                Rules = live.State.Rules,
                FirstPlayer = live.State.FirstPlayer,
                TurnTimeoutSeconds = live.State.TurnTimeoutSeconds,
                Seed = live.State.Seed,
                RoomId = live.State.RoomId,
                StartedAt = live.State.StartedAt,
            }
        );
        replayed.ReplayPlacement(0, live.State.FleetOne!, T0.AddSeconds(1));
        replayed.ReplayPlacement(1, live.State.FleetTwo!, T0.AddSeconds(2));
        Assert.True(replayed.ReplayShot(shot.Player, shot.Cell, shot.Outcome, shot.SunkShip, shot.At));
        replayed.ReplayChat(live.State.Chat[0]);
        Assert.True(replayed.ReplayShot(reply.Player, reply.Cell, reply.Outcome, reply.SunkShip, reply.At));

        Assert.Equal(Json(live.State), Json(replayed.State));
        Assert.Equal(Json(live.ViewFor(One.Id)), Json(replayed.ViewFor(One.Id)));
        Assert.Equal(live.Version, replayed.Version);
    }

    [Fact]
    public void ReplayShot_WithAnotherOutcomeThanStored_DoesNotReplay()
    {
        var match = InProgress(FleetOne, FleetTwo);

        var replays = match.ReplayShot(0, Miss(FleetTwo), ShotOutcome.Hit, null, T0.AddSeconds(3));

        Assert.False(replays);
    }

    [Fact]
    public void Views_DuringPlay_ShowEachPlayerItsOwnShipsOnly_AndSpectatorsNone()
    {
        var match = InProgress(FleetOne, FleetTwo);

        var one = match.ViewFor(One.Id);
        var spectator = match.ViewFor(Guid.NewGuid());

        Assert.Equal(FleetOne.Placements.Length, one.Boards[0].Ships!.Count);
        Assert.Null(one.Boards[1].Ships);
        Assert.All(spectator.Boards, b => Assert.Null(b.Ships));
    }

    [Fact]
    public void ReplayAndEnd_DuringPlay_RevealNoFleetButTheViewersOwn()
    {
        var match = InProgress(FleetOne, FleetTwo);

        var replay = match.ReplayFor(Two.Id);

        Assert.Null(replay.Fleets[0]);
        Assert.Equal(FleetTwo.Placements.Length, replay.Fleets[1]!.Count);
        Assert.Throws<InvalidOperationException>(match.Ended);
    }
}
