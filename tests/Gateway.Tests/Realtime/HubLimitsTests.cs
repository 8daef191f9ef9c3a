using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Battleship.Gateway.Tests.Realtime;

public sealed class HubLimitsTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task HubCalls_OverTheUsersLimit_AreRefusedRateLimited_AndTheConnectionStays()
    {
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?>
            {
                ["RateLimiting:HubPerUser:PermitLimit"] = "3",
                ["RateLimiting:HubPerUser:Window"] = "00:10:00",
            }
        );
        var greedy = await gateway.SignInAsync("Greedy");
        var patient = await gateway.SignInAsync("Patient");
        await using var first = await gateway.ConnectLobbyAsync(greedy);
        await using var second = await gateway.ConnectLobbyAsync(greedy); // the limit is the user's, not the connection's
        await using var other = await gateway.ConnectLobbyAsync(patient);
        await ListAsync(first);
        await ListAsync(second);
        await ListAsync(first);

        var error = await Assert.ThrowsAsync<HubException>(() => ListAsync(second));
        var page = await ListAsync(other);

        Assert.Matches(@"HubException: RateLimited: Too many calls; try again in \d+ s\.", error.Message);
        Assert.Equal(HubConnectionState.Connected, second.Connection.State);
        Assert.NotNull(page);
    }

    [Fact]
    public async Task HubCalls_OfManyUsersAtOneAddress_AreNotRefusedForTheAddress()
    {
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:HubPerIp:PermitLimit"] = "2", ["RateLimiting:HubPerIp:Window"] = "00:10:00" }
        );
        var one = await gateway.SignInAsync("One");
        var two = await gateway.SignInAsync("Two");
        var three = await gateway.SignInAsync("Three");
        await using var hubOne = await gateway.ConnectLobbyAsync(one);
        await using var hubTwo = await gateway.ConnectLobbyAsync(two);
        await using var hubThree = await gateway.ConnectLobbyAsync(three);

        var pages = new List<Page<RoomSummary>>();
        foreach (var hub in new[] { hubOne, hubTwo, hubThree, hubOne, hubTwo, hubThree })
        {
            pages.Add(await ListAsync(hub)); // 6 calls from one address whose hub limit is 2: each counts against its user
        }

        Assert.Equal(6, pages.Count);
    }

    [Fact]
    public async Task Negotiation_OfASignedInUser_IsNeverRefusedForTheAddressLimit()
    {
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:PerIp:PermitLimit"] = "2", ["RateLimiting:PerIp:Window"] = "00:10:00" }
        );
        var anonymous = gateway.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            await anonymous.GetPathAsync("/api/config");
        }
        var exhausted = await anonymous.PostAsync(
            new Uri("/hubs/lobby/negotiate?negotiateVersion=1", UriKind.Relative),
            null,
            TestContext.Current.CancellationToken
        );
        var token = Tokens.Create(subject: "classroom-pupil");
        var user = new Session(gateway.ClientWithToken(token), token, "classroom-pupil", Guid.Empty, "Pupil");

        var negotiated = await user.Http.PostAsync(
            new Uri("/hubs/lobby/negotiate?negotiateVersion=1", UriKind.Relative),
            null,
            TestContext.Current.CancellationToken
        );
        await using var webSocket = await gateway.ConnectLobbyAsync(user); // the upgrade request, with the token in the query
        await using var longPolling = HubClient.Create(
            gateway,
            "/hubs/lobby",
            token,
            new Dictionary<string, Type>(),
            Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling
        );
        await longPolling.Connection.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, exhausted.StatusCode); // the address is used up for anonymous callers
        Assert.True(exhausted.Headers.Contains("Retry-After"));
        Assert.Equal(System.Net.HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(HubConnectionState.Connected, webSocket.Connection.State);
        Assert.Equal(HubConnectionState.Connected, longPolling.Connection.State);
        Assert.NotNull(await ListAsync(webSocket));
    }

    private static Task<Page<RoomSummary>> ListAsync(HubClient hub) =>
        hub.Connection.InvokeAsync<Page<RoomSummary>>("ListRooms", new RoomQuery(PageSize: 5), TestContext.Current.CancellationToken);
}
