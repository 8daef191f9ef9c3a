using Battleship.Gateway.Tests.Infrastructure;
using Battleship.Grains.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Battleship.Gateway.Tests.Realtime;

[Collection(GatewayCollection.Name)]
public sealed class HubLimitsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task HubCalls_OverTheUsersLimit_AreRefusedRateLimited_AndTheConnectionStays()
    {
        await using var gateway = fixture.CreateGateway(
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
    public async Task HubCalls_OverTheAddressLimit_AreRefusedForEveryUserThere()
    {
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:HubPerIp:PermitLimit"] = "2", ["RateLimiting:HubPerIp:Window"] = "00:10:00" }
        );
        var one = await gateway.SignInAsync("One");
        var two = await gateway.SignInAsync("Two");
        await using var hubOne = await gateway.ConnectLobbyAsync(one);
        await using var hubTwo = await gateway.ConnectLobbyAsync(two);
        await ListAsync(hubOne);
        await ListAsync(hubTwo);

        var error = await Assert.ThrowsAsync<HubException>(() => ListAsync(hubTwo));

        Assert.Contains("HubException: RateLimited: ", error.Message, StringComparison.Ordinal);
    }

    private static Task<Page<RoomSummary>> ListAsync(HubClient hub) =>
        hub.Connection.InvokeAsync<Page<RoomSummary>>("ListRooms", new RoomQuery(PageSize: 5), TestContext.Current.CancellationToken);
}
