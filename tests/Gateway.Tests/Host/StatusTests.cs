using System.Net.Http.Json;
using System.Text.Json;

namespace Battleship.Gateway.Tests.Host;

public sealed class StatusTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    private readonly HttpClient _http = fixture.Gateway.CreateClient();

    [Fact]
    public async Task Health_Always_IsHealthy()
    {
        var response = await _http.GetPathAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_ClusterAndDatabaseUp_IsHealthy()
    {
        var response = await _http.GetPathAsync("/health/ready");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Status_ListsTheSilo()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("gateway", body.GetProperty("service").GetString());
        Assert.Equal("0.1.0", body.GetProperty("version").GetString());
        Assert.Equal("Testing", body.GetProperty("environment").GetString());
        Assert.True(body.GetProperty("clusterReachable").GetBoolean());
        var silo = Assert.Single(body.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.True(body.GetProperty("uptimeSeconds").GetInt64() >= 0);
    }

    [Fact]
    public async Task OpenApi_Document_IsServed()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>(
            new Uri("/openapi/v1.json", UriKind.Relative),
            TestContext.Current.CancellationToken
        );

        Assert.Equal("Battleship Gateway", body.GetProperty("info").GetProperty("title").GetString());
        Assert.True(body.GetProperty("paths").TryGetProperty("/status", out _));
    }

    [Fact]
    public async Task OpenApi_BearerRequirement_IsOnProtectedOperationsOnly()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>(
            new Uri("/openapi/v1.json", UriKind.Relative),
            TestContext.Current.CancellationToken
        );
        var paths = body.GetProperty("paths");

        Assert.False(body.TryGetProperty("security", out _));
        Assert.Equal(["Bearer"], Schemes(paths.GetProperty("/api/me").GetProperty("get")));
        Assert.Equal(["Bearer"], Schemes(paths.GetProperty("/api/matches/{id}/fire").GetProperty("post")));
        Assert.Empty(Schemes(paths.GetProperty("/auth/dev-token").GetProperty("post")));
        Assert.Empty(Schemes(paths.GetProperty("/status").GetProperty("get")));
    }

    private static List<string> Schemes(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(p => p.Name)]
            : [];

    [Fact]
    public async Task Docs_ScalarReference_IsServed()
    {
        var response = await _http.GetPathAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_IsProblemDetails404()
    {
        var session = await Gateway.SignInAsync("Lost");

        var response = await session.Http.GetPathAsync("/nowhere");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("NotFound", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }
}
