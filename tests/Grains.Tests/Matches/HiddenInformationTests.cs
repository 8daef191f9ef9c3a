using System.Text.Json.Nodes;
using Battleship.Engine;

namespace Battleship.Grains.Tests.Matches;

/// <summary>No view or event ever carries a ship cell its viewer must not see: checked on the serialized JSON.</summary>
public class HiddenInformationTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    [Fact]
    public async Task Views_DuringTheMatch_RevealOnlyOwnShipsAndWhatWasFound()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 21);
        var spectator = await Fixture.NewUserAsync("spectator");
        var checkedViews = 0;

        var results = await driver.PlayToTheEndAsync(beforeEachShot: async () =>
        {
            foreach (var viewer in new[] { driver.One.Id, driver.Two.Id, spectator.Id })
            {
                var view = await driver.Match.GetViewAsync(viewer);
                for (var owner = 0; owner < 2; owner++)
                {
                    var board = WireJson.Node(view.Boards[owner]);
                    var fleet = driver.FleetOf(owner).Occupied;
                    var found = FoundCells(view.Boards[owner]);
                    var ownBoard = viewer == driver.UserOf(owner);
                    Assert.Equal(ownBoard, board["ships"] is JsonArray);
                    if (!ownBoard)
                    {
                        // Every ship cell in the JSON was found by shots; nothing else of the fleet is there.
                        Assert.All(CellsIn(board), c => Assert.True(!Bitboard.Contains(fleet, c) || found.Contains(c), $"cell {c} leaked"));
                    }
                }
                checkedViews++;
            }
        });

        Assert.Equal(MatchStatus.Finished, results[^1].Status);
        Assert.True(checkedViews > 30, $"{checkedViews} views, {results.Count} shots, {results[^1].Shot.Outcome}");
        var final = await driver.Match.GetViewAsync(spectator.Id);
        Assert.All(final.Boards, b => Assert.Equal(17, b.Ships!.Sum(s => s.Cells.Count))); // revealed after the end
    }

    [Fact]
    public async Task Events_BeforeTheEnd_CarryNoHiddenShipCells()
    {
        var (_, events) = await PlayedWhileHeardAsync(seed: 22);
        await using var _ = events;

        var beforeEnd = events.Received.Where(e => e is not MatchEndedEvent).ToList();
        Assert.Contains(beforeEnd, e => e is FleetPlacedEvent);
        foreach (var matchEvent in beforeEnd)
        {
            var node = WireJson.Node(matchEvent);
            var allowed = matchEvent is ShotFiredEvent shot ? new HashSet<int>([shot.Shot.Cell, .. shot.Shot.SunkCells ?? []]) : [];
            Assert.All(CellsIn(node), c => Assert.Contains(c, allowed));
        }
    }

    [Fact]
    public async Task Updates_BeforeTheEnd_GiveEachViewerItsOwnShipsOnly_AndSpectatorsNone()
    {
        var (driver, events) = await PlayedWhileHeardAsync(seed: 24);
        await using var _ = events;

        // The winning shot's update already shows the match finished, with every ship.
        Assert.All(events.Updates, u => Assert.NotNull(u.Views)); // between players every update brings its views
        var beforeEnd = events.Updates.Where(u => u.Views!.Spectators.Status != MatchStatus.Finished).ToList();
        Assert.True(beforeEnd.Count > 30, $"{beforeEnd.Count} updates");
        foreach (var update in beforeEnd)
        {
            foreach (var (view, seat) in new[] { (update.Views!.PlayerOne, 0), (update.Views.PlayerTwo, 1), (update.Views.Spectators, -1) })
            {
                Assert.Equal(seat < 0 ? ViewerRole.Spectator : (ViewerRole)seat, view.Role);
                for (var owner = 0; owner < 2; owner++)
                {
                    var board = view.Boards[owner];
                    var fleet = driver.FleetOf(owner).Occupied;
                    if (owner == seat && board.FleetPlaced)
                    {
                        Assert.Equal(
                            fleet,
                            board.Ships!.SelectMany(s => s.Cells).Aggregate(UInt128.Zero, (b, c) => b | (UInt128.One << c))
                        );
                        continue;
                    }
                    Assert.Null(board.Ships);
                    var found = FoundCells(board);
                    var json = WireJson.Node(board);
                    Assert.All(CellsIn(json), c => Assert.True(!Bitboard.Contains(fleet, c) || found.Contains(c), $"cell {c} leaked"));
                }
            }
        }
        var end = events.Updates[^1];
        Assert.IsType<MatchEndedEvent>(end.Event);
        Assert.Equal(2, events.Updates.Count(u => u.Views!.Spectators.Status == MatchStatus.Finished)); // the winning shot and the end
        Assert.All(
            [end.Views!.PlayerOne, end.Views.PlayerTwo, end.Views.Spectators],
            v => Assert.All(v.Boards, b => Assert.Equal(17, b.Ships!.Sum(s => s.Cells.Count)))
        );
    }

    [Fact]
    public async Task Replay_DuringTheMatch_ShowsOnlyTheViewersOwnFleet()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 23);
        var spectator = await Fixture.NewUserAsync();

        var mine = await driver.Match.GetReplayAsync(driver.One.Id);
        var theirs = await driver.Match.GetReplayAsync(spectator.Id);

        Assert.NotNull(mine.Fleets[0]);
        Assert.Null(mine.Fleets[1]);
        Assert.All(theirs.Fleets, Assert.Null);
    }

    /// <summary>
    /// A whole match drawn from <paramref name="seed"/>, played to its end and heard all along: the
    /// events are subscribed to before the first fleet is placed, and the end event has arrived.
    /// </summary>
    private async Task<(MatchDriver Driver, MatchEvents Events)> PlayedWhileHeardAsync(ulong seed)
    {
        var driver = await MatchDriver.StartAsync(Fixture, seed);
        var events = await MatchEvents.SubscribeAsync(Fixture, driver.Match);
        await driver.PlaceBothFleetsAsync();
        await driver.PlayToTheEndAsync();
        await events.NextAsync<MatchEndedEvent>();
        return (driver, events);
    }

    /// <summary>The cells a board says were found: hits and the sunk ships' cells.</summary>
    private static HashSet<int> FoundCells(BoardView board) => [.. board.Hits, .. board.SunkShips.SelectMany(s => s.Cells)];

    /// <summary>Every number in an array named "cells", "misses", "hits", or under "sunkCells"/"ships" in the JSON.</summary>
    private static IEnumerable<int> CellsIn(JsonNode node)
    {
        foreach (var (name, value) in Walk(node, ""))
        {
            if (
                name is "cells" or "misses" or "hits" or "sunkCells" or "cell"
                && value is JsonValue v
                && v.TryGetValue<int>(out var cell)
                && cell >= 0
            )
            {
                yield return cell;
            }
        }
    }

    private static IEnumerable<(string Name, JsonNode Value)> Walk(JsonNode? node, string name)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var item in Walk(child, key))
                    {
                        yield return item;
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var item in Walk(child, name))
                    {
                        yield return item;
                    }
                }
                break;
            case JsonValue value:
                yield return (name, value);
                break;
        }
    }
}
