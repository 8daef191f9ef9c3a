using System.Net;
using Battleship.Gateway.Tests.Infrastructure;
using Battleship.Grains.Models;
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
        var one = await gateway.SignInAsync("One");
        var two = await gateway.SignInAsync("Two");
        var match = await Api.StartRoomMatchAsync(one, two);
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
}
