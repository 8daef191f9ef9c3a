using Battleship.Engine;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Battleship.Gateway.Tests.Host;

/// <summary>
/// The database goes away (its database refuses connections and the open ones are ended) while
/// users are signed in and a match is under way: every call that needs it is refused as
/// <c>Unavailable</c> (503 with <c>Retry-After</c>, or the hub code), nothing changes, and once the
/// database is back the same calls succeed without anyone restarting anything.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class DatabaseOutageTests(GatewayFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhileTheDatabaseIsAway_CallsAreUnavailable_NotFailures_AndAfterItTheyWork()
    {
        var gateway = fixture.Gateway;
        var (one, _, match) = await gateway.StartRoomMatchAsync();
        await using var hub = await gateway.ConnectMatchAsync(one);
        await hub.Connection.InvokeAsync<MatchView>("JoinMatch", match, Ct);
        var earlier = await one.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Random });
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct); // it must read its log again

        await fixture.Database.TakeOfflineAsync();
        try
        {
            var created = await one.PostAsync("/api/matches", new { agentId = BuiltInAgents.Random });
            var reloaded = await one.GetAsync($"/api/matches/{earlier.MatchId}");
            var placing = await Assert.ThrowsAsync<HubException>(() =>
                hub.Connection.InvokeAsync<MatchView>("PlaceFleet", match, null, Ct)
            );

            foreach (var response in new[] { created, reloaded })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
                Assert.Equal(nameof(Grains.ErrorCode.Unavailable), await response.ProblemCodeAsync());
            }
            Assert.Contains("HubException: Unavailable: ", placing.Message, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }

        var view = await hub.Connection.InvokeAsync<MatchView>("PlaceFleet", match, null, Ct);
        Assert.True(view.Boards[0].FleetPlaced);
        Assert.Equal(HttpStatusCode.OK, (await one.GetAsync($"/api/matches/{earlier.MatchId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await one.PostAsync("/api/matches", new { agentId = BuiltInAgents.Random })).StatusCode);
    }

    [Fact]
    public async Task AShotRefusedDuringTheOutage_LeavesTheMatchFollowed_SoTheNextShotIsPushedAtOnce()
    {
        var gateway = fixture.Gateway;
        var (one, two, match) = await gateway.StartRoomMatchAsync();
        var fleetOne = FleetLayout.Random(GameRules.Standard, 17);
        var fleetTwo = FleetLayout.Random(GameRules.Standard, 18);
        await using var hubOne = await gateway.ConnectMatchAsync(one);
        await using var hubTwo = await gateway.ConnectMatchAsync(two);
        await hubOne.Connection.InvokeAsync<MatchView>("JoinMatch", match, Ct);
        await hubTwo.Connection.InvokeAsync<MatchView>("JoinMatch", match, Ct);
        await hubOne.Connection.InvokeAsync<MatchView>("PlaceFleet", match, fleetOne.ToPlacements(), Ct);
        await hubTwo.Connection.InvokeAsync<MatchView>("PlaceFleet", match, fleetTwo.ToPlacements(), Ct);
        await hubTwo.NextAsync<MatchStartedEvent>("MatchStarted");
        var water = Enumerable.Range(0, 100).First(c => !Bitboard.Contains(fleetOne.Occupied | fleetTwo.Occupied, c));

        await fixture.Database.TakeOfflineAsync();
        try
        {
            var refused = await Assert.ThrowsAsync<HubException>(() =>
                hubOne.Connection.InvokeAsync<FireResult>("Fire", match, water, 0, Ct)
            );
            Assert.Contains("HubException: Unavailable: ", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Database.BringOnlineAsync();
        }
        var shot = await hubOne.Connection.InvokeAsync<FireResult>("Fire", match, water, 0, Ct);

        // The match kept its activation, and with it the gateway's subscription: the shot reaches
        // the opponent now, not at the next renewal (30 s).
        var pushed = await hubTwo.NextAsync<ShotFiredEvent>("ShotFired", e => e.TurnNumber == shot.TurnNumber, TimeSpan.FromSeconds(10));
        Assert.Equal(water, pushed.Shot.Cell);
    }
}
