using System.Net;
using Battleship.Gateway.Tests.Infrastructure;

namespace Battleship.Gateway.Tests.Rest;

[Collection(GatewayCollection.Name)]
public sealed class LimitsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task RateLimit_PerUser_Is429WithRetryAfter()
    {
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:PerUser:PermitLimit"] = "3", ["RateLimiting:PerUser:Window"] = "00:10:00" }
        );
        var greedy = await gateway.SignInAsync("Greedy"); // GET /api/me: the first of three
        var patient = await gateway.SignInAsync("Patient");
        await greedy.GetOkAsync<object>("/api/me");
        await greedy.GetOkAsync<object>("/api/me");

        var refused = await greedy.GetAsync("/api/me");
        var other = await patient.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        var problem = await refused.ProblemAsync();
        Assert.Equal("RateLimited", problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task RateLimit_PerIp_Is429ForAnonymousCallersToo()
    {
        await using var gateway = fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:PerIp:PermitLimit"] = "2", ["RateLimiting:PerIp:Window"] = "00:10:00" }
        );
        var http = gateway.CreateClient();
        await http.GetAsync(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);
        await http.GetAsync(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);

        var refused = await http.GetAsync(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);
        var health = await http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal("RateLimited", await refused.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // health checks are never limited
    }

    [Fact]
    public async Task Body_TooLarge_Is413()
    {
        var user = await fixture.Gateway.SignInAsync("Verbose");
        var name = new string('x', 40 * 1024);

        var response = await user.PostAsync("/api/rooms", new { name });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("PayloadTooLarge", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Cors_ConfiguredOrigin_IsAllowed()
    {
        using var preflight = Preflight("https://app.battleship.test");

        var response = await fixture.Gateway.CreateClient().SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.battleship.test", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Cors_OtherOrigin_IsNotAllowed()
    {
        using var preflight = Preflight("https://evil.example");

        var response = await fixture.Gateway.CreateClient().SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/rooms");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}
