using System.Text.Json;
using Battleship.Engine;
using Battleship.Grains.Persistence;
using Battleship.Grains.State;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Participant = Battleship.Grains.Models.Participant;

namespace Battleship.Grains.Tests.Matches;

/// <summary>The match grain on its append-only log: one entry per accepted move, rebuilt on activation, one writer, and the old storage format.</summary>
public class MatchLogTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IMatchLogStore Log => Fixture.SiloServices.GetRequiredService<IMatchLogStore>();

    [Fact]
    public async Task EveryAcceptedMove_IsOneAppendedEntry_AndAReactivatedMatchIsTheSame()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 41);
        for (var turn = 0; turn < 6; turn++)
        {
            var player = turn % 2;
            await driver.Match.FireAsync(driver.UserOf(player), 50 + turn, turn);
        }
        await driver.Match.PostChatAsync(driver.One, "well played");
        var before = await ViewsAsync(driver);

        await Fixture.Cluster.DeactivateAsync(driver.Match);

        var log = await Log.ReadAsync(driver.Id, Ct);
        Assert.Equal(
            [
                MatchLogKind.Setup,
                MatchLogKind.Placement,
                MatchLogKind.Placement,
                .. Enumerable.Repeat(MatchLogKind.Shot, 6),
                MatchLogKind.Chat,
            ],
            log.Select(e => e.Kind)
        );
        Assert.Equal(Enumerable.Range(0, log.Count), log.Select(e => e.Seq));
        Assert.Equal(before, await ViewsAsync(driver)); // same boards, turn, deadline and chat, for each viewer
        var next = await driver.Match.FireAsync(driver.One.Id, 70, 6);
        Assert.Equal(7, next.TurnNumber);
    }

    [Fact]
    public async Task ARefusedMove_AppendsNothing()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 42);
        await driver.Match.FireAsync(driver.One.Id, 10, 0);
        var entries = (await Log.ReadAsync(driver.Id, Ct)).Count;

        await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.FireAsync(driver.One.Id, 11, 1)); // not their turn
        await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.FireAsync(driver.Two.Id, 100, 1)); // off the board
        await driver.Match.FireAsync(driver.One.Id, 10, 0); // a retried shot: answered again, not appended again

        Assert.Equal(entries, (await Log.ReadAsync(driver.Id, Ct)).Count);
    }

    [Fact]
    public async Task WhenAnotherActivationAppendedFirst_TheMoveIsRefusedAsUnavailable_AndTheMatchReloads()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 43);
        await driver.Match.FireAsync(driver.One.Id, 10, 0);
        var log = await Log.ReadAsync(driver.Id, Ct);
        // A second activation of the match (on a silo wrongly believed dead) took the next position.
        var line = new ChatState
        {
            Number = 1,
            From = ParticipantState.From(driver.Two),
            Text = "from the other activation",
            At = ClusterFixture.Start,
        };
        await Log.AppendAsync(
            driver.Id,
            [
                new MatchLogEntry(
                    log.Count,
                    MatchLogKind.Chat,
                    null,
                    null,
                    null,
                    null,
                    line.At,
                    JsonSerializer.Serialize(line, JsonSerializerOptions.Web)
                ),
            ],
            Ct
        );

        var refused = await Assert.ThrowsAsync<BattleshipException>(() => driver.Match.FireAsync(driver.Two.Id, 20, 1));

        Assert.Equal(ErrorCode.Unavailable, refused.Code);
        var retried = await driver.Match.FireAsync(driver.Two.Id, 20, 1); // the caller retries and meets the log as it is
        Assert.Equal((2, false), (retried.TurnNumber, retried.Duplicate));
        var view = await driver.Match.GetViewAsync(driver.One.Id);
        Assert.Equal(["from the other activation"], view.Chat.Select(c => c.Text));
        Assert.Equal(log.Count + 2, (await Log.ReadAsync(driver.Id, Ct)).Count);
    }

    [Fact]
    public async Task WhenAnotherActivationPlayedOn_AShotAimedAtTheNewTurn_ReloadsTheMatchAndIsAccepted()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 44);
        await driver.Match.FireAsync(driver.One.Id, 10, 0);
        var water = await AnotherActivationMissesAsync(driver);

        // Player one saw turn 2 (from the other activation) and fires on it.
        var shot = await driver.Match.FireAsync(driver.One.Id, 11, 2);

        Assert.Equal((3, false), (shot.TurnNumber, shot.Duplicate));
        var replay = await driver.Match.GetReplayAsync(driver.One.Id);
        Assert.Equal([10, water, 11], replay.Moves.Where(m => m.Shot is not null).Select(m => m.Shot!.Cell));
    }

    [Fact]
    public async Task AReplay_IsTheLog_EvenWhenAnotherActivationWroteAfterThisOneLoaded()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 45);
        await driver.Match.FireAsync(driver.One.Id, 10, 0);
        var water = await AnotherActivationMissesAsync(driver);

        var replay = await driver.Match.GetReplayAsync(driver.Two.Id);

        Assert.Equal([10, water], replay.Moves.Where(m => m.Shot is not null).Select(m => m.Shot!.Cell));
        Assert.Equal(2, (await driver.Match.GetViewAsync(driver.One.Id)).TurnNumber); // and the match now plays on from there
    }

    /// <summary>
    /// Another activation of the match (on a silo that hung and was declared dead) accepts player
    /// two's shot at a cell of player one's board with no ship, so the grain's activation is one
    /// turn behind its log. Returns the cell.
    /// </summary>
    private async Task<int> AnotherActivationMissesAsync(MatchDriver driver)
    {
        var log = await Log.ReadAsync(driver.Id, Ct);
        var water = Enumerable.Range(0, 100).First(cell => !Bitboard.Contains(driver.FleetOne.Occupied, cell));
        await Log.AppendAsync(
            driver.Id,
            [new MatchLogEntry(log.Count, MatchLogKind.Shot, 1, water, ShotOutcome.Miss, null, ClusterFixture.Start, null)],
            Ct
        );
        return water;
    }

    [Fact]
    public async Task AMatchInTheOldStorageFormat_Loads_IsConvertedToItsLog_AndPlaysOn()
    {
        var one = await Fixture.NewUserAsync("old-one");
        var two = await Fixture.NewUserAsync("old-two");
        var matchId = Guid.NewGuid();
        var legacy = LegacyState(one, two, shots: [5, 6, 15, 16, 25], completed: false, Fixture.Time.GetUtcNow());
        var storage = Fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Matches);
        var grainId = Fixture.Grains.GetGrain<IMatchGrain>(matchId).GetGrainId();
        await storage.WriteStateAsync("match", grainId, new GrainState<MatchState>(legacy));

        var match = Fixture.Grains.GetGrain<IMatchGrain>(matchId);
        var view = await match.GetViewAsync(one.Id);

        Assert.Equal((MatchStatus.InProgress, 5, 1), (view.Status, view.TurnNumber, view.CurrentPlayer));
        Assert.Equal(legacy.TurnDeadline, view.TurnDeadline);
        Assert.Equal(["hello from before"], view.Chat.Select(c => c.Text));
        var log = await Log.ReadAsync(matchId, Ct);
        Assert.Equal([MatchLogKind.Setup, .. Enumerable.Repeat(MatchLogKind.Shot, 5), MatchLogKind.Chat], log.Select(e => e.Kind));
        var cleared = new GrainState<MatchState>();
        await storage.ReadStateAsync("match", grainId, cleared);
        Assert.Equal(MatchStatus.None, cleared.State?.Status ?? MatchStatus.None);

        var next = await match.FireAsync(two.Id, 35, 5);
        Assert.Equal(6, next.TurnNumber);
        await Fixture.Cluster.DeactivateAsync(match);
        Assert.Equal(6, (await match.GetViewAsync(two.Id)).TurnNumber); // from the log alone now
    }

    [Fact]
    public async Task AnArchivedMatchInTheOldFormat_KeepsTheMovesTheMigrationMovedIntoTheLog_AndGainsItsSetup()
    {
        var one = await Fixture.NewUserAsync("archived-one");
        var two = await Fixture.NewUserAsync("archived-two");
        var matchId = Guid.NewGuid();
        var legacy = LegacyState(one, two, shots: [5, 6, 15], completed: true, Fixture.Time.GetUtcNow());
        // What the MatchLog migration left: the archived moves at positions 1, 2, 3 and no setup.
        await Log.AppendAsync(
            matchId,
            [
                .. legacy.Moves.Select(m => new MatchLogEntry(
                    m.Number,
                    m.Kind == MoveKind.Shot ? MatchLogKind.Shot : MatchLogKind.Resign,
                    m.Player,
                    m.Kind == MoveKind.Shot ? m.Cell : null,
                    m.Kind == MoveKind.Shot ? m.Outcome : null,
                    m.SunkShip?.ToString(),
                    m.At,
                    null
                )),
            ],
            Ct
        );
        var storage = Fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Matches);
        await storage.WriteStateAsync(
            "match",
            Fixture.Grains.GetGrain<IMatchGrain>(matchId).GetGrainId(),
            new GrainState<MatchState>(legacy)
        );

        var replay = await Fixture.Grains.GetGrain<IMatchGrain>(matchId).GetReplayAsync(one.Id);

        Assert.Equal((MatchStatus.Finished, legacy.Winner, EndReason.Resign), (replay.Status, replay.Winner, replay.EndReason));
        Assert.NotNull(replay.Fleets[0]); // the fleets come from the converted setup
        Assert.Equal([5, 6], replay.Moves.Where(m => m.Shot is not null).Select(m => m.Shot!.Cell));
        Assert.Equal(
            [MatchLogKind.Setup, MatchLogKind.Shot, MatchLogKind.Shot, MatchLogKind.Resign, MatchLogKind.Chat, MatchLogKind.Completed],
            (await Log.ReadAsync(matchId, Ct)).Select(e => e.Kind)
        );
    }

    /// <summary>
    /// A match as the grain stored it before the log: two users, standard rules, two seeded fleets,
    /// <paramref name="shots"/> alternating from player one (outcomes from the engine), one chat line;
    /// when <paramref name="completed"/>, the player to move resigned instead of the last shot and the
    /// match was completed. Moves are 3 s apart, ending 5 s before <paramref name="now"/>.
    /// </summary>
    private static MatchState LegacyState(Participant one, Participant two, int[] shots, bool completed, DateTimeOffset now)
    {
        var rules = GameRules.Standard;
        var fleets = new[] { FleetLayout.Random(rules, 901), FleetLayout.Random(rules, 902) };
        var game = new BattleshipGame(rules, Player.One, gameId: null, instrumented: false);
        game.PlaceFleet(Player.One, fleets[0]);
        game.PlaceFleet(Player.Two, fleets[1]);
        var at = now.AddSeconds(-20);
        var state = new MatchState
        {
            Status = MatchStatus.InProgress,
            Players = [ParticipantState.From(one), ParticipantState.From(two)],
            Rules = RulesState.From(RulesSpec.Standard),
            FirstPlayer = 0,
            TurnTimeoutSeconds = 60,
            Seed = 7,
            StartedAt = at,
            FleetOne = [.. fleets[0].Placements.Select(PlacementState.From)],
            FleetTwo = [.. fleets[1].Placements.Select(PlacementState.From)],
            Chat =
            [
                new ChatState
                {
                    Number = 1,
                    From = ParticipantState.From(one),
                    Text = "hello from before",
                    At = at,
                },
            ],
            ChatCount = 1,
        };
        var moves = completed ? shots[..^1] : shots;
        foreach (var cell in moves)
        {
            var player = (int)game.CurrentPlayer;
            var result = game.Fire(game.CurrentPlayer, cell);
            at = at.AddSeconds(3);
            state.Moves.Add(
                new MoveState
                {
                    Number = game.TurnNumber,
                    Player = player,
                    Kind = MoveKind.Shot,
                    Cell = cell,
                    Outcome = result.Outcome,
                    SunkShip = result.SunkShip,
                    At = at,
                }
            );
        }
        if (completed)
        {
            at = at.AddSeconds(3);
            var loser = (int)game.CurrentPlayer;
            state.Moves.Add(
                new MoveState
                {
                    Number = game.TurnNumber + 1,
                    Player = loser,
                    Kind = MoveKind.Resign,
                    Cell = -1,
                    At = at,
                }
            );
            state.Status = MatchStatus.Finished;
            state.Winner = 1 - loser;
            state.EndReason = EndReason.Resign;
            state.FinishedAt = at;
            state.Completed = true;
        }
        else
        {
            state.TurnDeadline = at.AddSeconds(60);
        }
        return state;
    }

    private static async Task<string> ViewsAsync(MatchDriver driver)
    {
        var views = new List<MatchView>();
        foreach (var viewer in new[] { driver.One.Id, driver.Two.Id, Guid.Empty })
        {
            views.Add(await driver.Match.GetViewAsync(viewer));
        }
        return JsonSerializer.Serialize(views, JsonSerializerOptions.Web);
    }
}
