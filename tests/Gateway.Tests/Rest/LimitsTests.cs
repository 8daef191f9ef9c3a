namespace Battleship.Gateway.Tests.Rest;

public sealed class LimitsTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task RateLimit_PerUser_Is429WithRetryAfter()
    {
        await using var gateway = Fixture.CreateGateway(
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
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:PerIp:PermitLimit"] = "2", ["RateLimiting:PerIp:Window"] = "00:10:00" }
        );
        var http = gateway.CreateClient();
        await http.GetPathAsync("/status");
        await http.GetPathAsync("/status");

        var refused = await http.GetPathAsync("/status");
        var health = await http.GetPathAsync("/health");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal("RateLimited", await refused.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // health checks are never limited
    }

    [Fact]
    public async Task RateLimit_ManySignedInUsersBehindOneAddress_AreNotRefusedForTheAddress()
    {
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:PerIp:PermitLimit"] = "3", ["RateLimiting:PerIp:Window"] = "00:10:00" }
        );
        var household = Enumerable.Range(0, 8).Select(i => gateway.ClientWithToken(Tokens.Create(subject: $"household-{i}"))).ToList();
        var statuses = new List<HttpStatusCode>();

        foreach (var member in household)
        {
            for (var i = 0; i < 2; i++)
            {
                var response = await member.GetPathAsync("/api/me");
                statuses.Add(response.StatusCode); // 16 requests from one address whose limit is 3
            }
        }
        var anonymous = gateway.CreateClient();
        var anonymousStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            anonymousStatuses.Add((await anonymous.GetPathAsync("/status")).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // The signed-in requests took nothing from the address: an anonymous caller there still has all 3.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], anonymousStatuses);
    }

    [Fact]
    public async Task RateLimit_AnonymousFloodFromOneAddress_IsRefusedWithRetryAfter_AndSignedInUsersThereAreServed()
    {
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?> { ["RateLimiting:PerIp:PermitLimit"] = "5", ["RateLimiting:PerIp:Window"] = "00:01:00" }
        );
        var flood = gateway.CreateClient();
        var refusals = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20; i++)
        {
            var response = await flood.GetPathAsync("/api/config");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refusals++;
                refused = response;
            }
        }
        var signedIn = gateway.ClientWithToken(Tokens.Create(subject: "neighbour"));

        var served = await signedIn.GetPathAsync("/api/me");

        Assert.Equal(15, refusals);
        Assert.NotNull(refused);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var problem = await refused.ProblemAsync();
        Assert.Equal("RateLimited", problem.GetProperty("code").GetString());
        Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Body_TooLarge_Is413()
    {
        var user = await Gateway.SignInAsync("Verbose");
        var name = new string('x', 40 * 1024);

        var response = await user.PostAsync("/api/rooms", new { name });

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
    }

    [Fact]
    public async Task Cors_ConfiguredOrigin_IsAllowed()
    {
        using var preflight = Preflight("https://app.battleship.test");

        var response = await Gateway.CreateClient().SendAsync(preflight, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.battleship.test", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Cors_OtherOrigin_IsNotAllowed()
    {
        using var preflight = Preflight("https://evil.example");

        var response = await Gateway.CreateClient().SendAsync(preflight, TestContext.Current.CancellationToken);

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
