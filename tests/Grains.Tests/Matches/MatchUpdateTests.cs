using Battleship.Engine;

namespace Battleship.Grains.Tests.Matches;

/// <summary>
/// A match's changes cross to a gateway once, as an update with every kind of viewer's view, and
/// following a match is one call whose answer is ordered against the updates by version.
/// </summary>
public class MatchUpdateTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    [Fact]
    public async Task Follow_AnswersTheViewersViewAndVersion_AndTheNextUpdateIsNewerWithTheViewsTheMatchAnswers()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 41);
        var spectator = await Fixture.NewUserAsync("spectator");
        var (events, answer) = await MatchEvents.FollowAsync(Fixture, driver.Match, driver.Two.Id);
        await using var _ = events;

        var result = await driver.Match.FireAsync(driver.One.Id, 0, expectedTurn: 0);
        var fired = await events.NextAsync<ShotFiredEvent>();
        var update = events.Updates[^1];

        Assert.Equal(ViewerRole.PlayerTwo, answer.View.Role);
        Assert.Equal(0, answer.View.TurnNumber);
        Assert.Equal(WireJson.Text(result.Shot), WireJson.Text(fired.Shot));
        Assert.True(update.Version > answer.Version, $"update {update.Version} after answer {answer.Version}");
        Assert.Equal(WireJson.Text(await driver.Match.GetViewAsync(driver.One.Id)), WireJson.Text(update.Views!.PlayerOne));
        Assert.Equal(WireJson.Text(await driver.Match.GetViewAsync(driver.Two.Id)), WireJson.Text(update.Views!.PlayerTwo));
        Assert.Equal(WireJson.Text(await driver.Match.GetViewAsync(spectator.Id)), WireJson.Text(update.Views!.Spectators));
        Assert.Equal(update.Version, (await events.FollowAgainAsync(driver.Two.Id)).Version);
    }

    [Fact]
    public async Task Updates_CountEveryAnnouncedChange_AndTheStartSharesTheSecondFleetsVersion()
    {
        var driver = await MatchDriver.StartAsync(Fixture, seed: 42);
        await using var events = await MatchEvents.SubscribeAsync(Fixture, driver.Match);
        await driver.PlaceBothFleetsAsync();
        await driver.Match.PostChatAsync(driver.One, "good luck");

        var results = await driver.PlayToTheEndAsync();
        await events.NextAsync<MatchEndedEvent>();

        // fleets 1 and 2 (the start with the second), the chat line 3, the shots 4.., the end after the last shot
        var last = 3L + results.Count + 1;
        List<long> expected = [1, 2, .. Enumerable.Range(2, (int)last - 1).Select(v => (long)v)];
        Assert.Equal(expected, events.Updates.Select(u => u.Version).Order());
        Assert.Equal(
            ["FleetPlacedEvent", "MatchStartedEvent"],
            events.Updates.Where(u => u.Version == 2).Select(u => u.Event.GetType().Name).Order()
        );
        Assert.IsType<ChatPostedEvent>(Assert.Single(events.Updates, u => u.Version == 3).Event);
        Assert.IsType<MatchEndedEvent>(Assert.Single(events.Updates, u => u.Version == last).Event);
        Assert.All(events.Updates, u => Assert.Equal(driver.Id, u.MatchId));
    }

    [Fact]
    public async Task Version_AfterAReactivation_GoesOnFromWhereItWas()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 43);
        await driver.Match.FireAsync(driver.One.Id, Water(driver.FleetTwo), expectedTurn: 0);
        var (events, before) = await MatchEvents.FollowAsync(Fixture, driver.Match, driver.One.Id);
        await using var _ = events;

        await Fixture.Cluster.DeactivateAsync(driver.Match);
        var after = await events.FollowAgainAsync(driver.One.Id); // the new activation has no subscriptions
        var next = await driver.Match.FireAsync(driver.Two.Id, Water(driver.FleetOne), expectedTurn: before.View.TurnNumber);
        await events.NextAsync<ShotFiredEvent>(e => e.Shot.TurnNumber == next.Shot.TurnNumber);

        Assert.Equal(before.Version, after.Version);
        Assert.Equal(WireJson.Text(before.View), WireJson.Text(after.View));
        Assert.Equal(before.Version + 1, events.Updates[^1].Version);
    }

    [Fact]
    public async Task Deactivation_TellsTheFollowingGateways_TheirSubscriptionEnds()
    {
        var driver = await MatchDriver.InProgressAsync(Fixture, seed: 44);
        var (events, _) = await MatchEvents.FollowAsync(Fixture, driver.Match, driver.One.Id);
        await using var _ = events;

        await Fixture.Cluster.DeactivateAsync(driver.Match); // as a silo stopping, or its directory entry lost with another silo, would

        Assert.Equal(driver.Id, await events.SubscriptionEnding);
    }

    [Fact]
    public async Task Follow_UnknownMatch_IsNotFound()
    {
        var viewer = await Fixture.NewUserAsync();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            MatchEvents.FollowAsync(Fixture, Fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid()), viewer.Id)
        );

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    /// <summary>A cell where <paramref name="fleet"/> has no ship (a miss passes the turn).</summary>
    private static int Water(FleetLayout fleet) =>
        Enumerable.Range(0, GameRules.Standard.Cells).First(c => !Bitboard.Contains(fleet.Occupied, c));
}
