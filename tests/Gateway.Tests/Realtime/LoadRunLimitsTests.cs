using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Battleship.Gateway.Tests.Realtime;

/// <summary>
/// The settings a gateway load run uses (<c>ops/load/gateway.env</c>) lift the per-user and
/// per-address limits that every local load client would otherwise share, and without them the
/// gateway's own limits hold: a load run's configuration is not the product's.
/// </summary>
public sealed class LoadRunLimitsTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    /// <summary>The product's defaults (RateLimitOptions), stated in full: the Fixture's gateways otherwise lift them for the other tests.</summary>
    private static readonly Dictionary<string, string?> ProductDefaults = new()
    {
        ["RateLimiting:PerUser:PermitLimit"] = "300",
        ["RateLimiting:PerIp:PermitLimit"] = "600",
        ["RateLimiting:HubPerUser:PermitLimit"] = "120",
        ["RateLimiting:HubPerIp:PermitLimit"] = "240",
    };

    [Fact]
    public async Task WithTheLoadRunSettings_OneUserAtOneAddress_MakesFarMoreCallsThanTheLimits()
    {
        var settings = LoadRunSettings();
        Assert.Equal(ProductDefaults.Keys.Order(), settings.Keys.Order()); // every limit is lifted
        await using var gateway = Fixture.CreateGateway(settings);
        var user = await gateway.SignInAsync("Load");
        await using var hub = await gateway.ConnectLobbyAsync(user);

        for (var i = 0; i < 300; i++)
        {
            await ListAsync(hub); // 300 > 240 per address and 120 per user in 10 s
        }
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 650; i++)
        {
            statuses.Add((await user.GetAsync("/api/rooms?pageSize=1")).StatusCode); // 650 > 600 per address and 300 per user a minute
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task WithoutTheLoadRunSettings_TheLimitsHold()
    {
        await using var gateway = Fixture.CreateGateway(ProductDefaults);
        var user = await gateway.SignInAsync("Player");
        await using var hub = await gateway.ConnectLobbyAsync(user);

        for (var i = 0; i < 120; i++)
        {
            await ListAsync(hub);
        }
        var hubError = await Assert.ThrowsAsync<HubException>(() => ListAsync(hub));
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 301 && refused is null; i++)
        {
            var response = await user.GetAsync("/api/rooms?pageSize=1");
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Contains("HubException: RateLimited: ", hubError.Message, StringComparison.Ordinal);
        Assert.NotNull(refused);
        Assert.Equal("RateLimited", await refused.ProblemCodeAsync());
    }

    /// <summary>ops/load/gateway.env as configuration keys (<c>A__B</c> → <c>A:B</c>).</summary>
    private static Dictionary<string, string?> LoadRunSettings() =>
        File.ReadAllLines(Path.Combine(Repository.Root(), "ops", "load", "gateway.env"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Replace("__", ":", StringComparison.Ordinal), p => (string?)p[1]);

    private static Task<Page<RoomSummary>> ListAsync(HubClient hub) =>
        hub.Connection.InvokeAsync<Page<RoomSummary>>("ListRooms", new RoomQuery(PageSize: 1), TestContext.Current.CancellationToken);
}
