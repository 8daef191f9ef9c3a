using System.Text.Json;
using System.Text.Json.Nodes;
using Battleship.Gateway.Web;

namespace Battleship.Gateway.Tests.Host;

/// <summary>The built web client served by the gateway, its SPA fallback, <c>GET /api/config</c>, and the client's copy of the OpenAPI document.</summary>
public sealed class ClientHostingTests(GatewayFixture fixture) : GatewayTests(fixture), IDisposable
{
    private const string IndexHtml = "<!doctype html><title>Battleship test bundle</title>";
    private readonly string _bundle = CreateBundle();

    [Fact]
    public async Task Config_LocalIssuer_SaysLocalAndNamesNoTenant()
    {
        var body = await GetJsonAsync(Gateway.CreateClient(), "/api/config");

        Assert.Equal("local", body.GetProperty("authMode").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("auth0Domain").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("auth0ClientId").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("otlpTracesEndpoint").ValueKind);
    }

    [Fact]
    public async Task Config_Auth0AndClientId_SaysAuth0WithTenantAndTelemetry()
    {
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?>
            {
                ["Auth:Auth0:Domain"] = "battleship.eu.auth0.com/",
                ["Auth:Auth0:Audience"] = "https://api.battleship.test",
                ["Client:Auth0ClientId"] = "spa-client-id",
                ["Client:OtlpTracesEndpoint"] = "http://localhost:4318/v1/traces",
            }
        );

        var body = await GetJsonAsync(gateway.CreateClient(), "/api/config");

        Assert.Equal("auth0", body.GetProperty("authMode").GetString());
        Assert.Equal("battleship.eu.auth0.com", body.GetProperty("auth0Domain").GetString());
        Assert.Equal("spa-client-id", body.GetProperty("auth0ClientId").GetString());
        Assert.Equal("https://api.battleship.test", body.GetProperty("auth0Audience").GetString());
        Assert.Equal("http://localhost:4318/v1/traces", body.GetProperty("otlpTracesEndpoint").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/lobby")]
    [InlineData("/match/661d1c00-89a2-41c2-9553-63697e5f750f")]
    [InlineData("/replay/x/y")]
    [InlineData("/apis-are-not-api")]
    public async Task PagePath_Anonymous_IsTheIndexPage(string path)
    {
        await using var gateway = BundleGateway();

        var response = await gateway.CreateClient().GetPathAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(IndexHtml, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Asset_IsServedWithALongCacheLife_AndAMissingOneIs404()
    {
        await using var gateway = BundleGateway();
        var http = gateway.CreateClient();

        var asset = await http.GetPathAsync("/assets/app-1234.js");
        var missing = await http.GetPathAsync("/assets/gone-9999.js");

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/api/no-such-route")]
    [InlineData("/hubs/no-such-hub")]
    [InlineData("/auth/no-such-thing")]
    [InlineData("/status/extra")]
    [InlineData("/docs/nothing-here")]
    [InlineData("/openapi/v2.json")]
    public async Task ServerPrefix_IsNeverShadowedByTheClient(string path)
    {
        await using var gateway = BundleGateway();

        var response = await gateway.CreateClient().GetPathAsync(path);

        Assert.NotEqual(IndexHtml, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ServerEndpoints_StillAnswer_WithTheBundleServed()
    {
        await using var gateway = BundleGateway();
        var http = gateway.CreateClient();

        var health = await http.GetPathAsync("/health");
        var me = await http.GetPathAsync("/api/me");
        var status = await GetJsonAsync(http, "/status");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal("gateway", status.GetProperty("service").GetString());
    }

    [Fact]
    public async Task PagePath_Post_IsNotTheIndexPage()
    {
        await using var gateway = BundleGateway();

        var response = await gateway
            .CreateClient()
            .PostAsync(new Uri("/lobby", UriKind.Relative), content: null, TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PagePath_NoBundle_Is404()
    {
        await using var gateway = Fixture.CreateGateway(
            new Dictionary<string, string?> { ["Client:RootPath"] = Path.Combine(_bundle, "does-not-exist") }
        );

        var response = await gateway.CreateClient().GetPathAsync("/lobby");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("lobby", true)]
    [InlineData("match/1", true)]
    [InlineData("API/rooms", false)]
    [InlineData("hubs", false)]
    [InlineData("health/ready", false)]
    [InlineData("dashboard/x", false)]
    public void IsClientPath_KeepsServerPrefixes(string path, bool expected) =>
        Assert.Equal(expected, ClientHostingExtensions.IsClientPath(path));

    /// <summary>
    /// The client's TypeScript types are generated from <c>Client/openapi/v1.json</c> (and a client
    /// test checks that); this checks the copy is the document the gateway serves. With
    /// <c>BATTLESHIP_UPDATE_OPENAPI=1</c> (<c>make web-openapi</c>) it rewrites the copy instead.
    /// </summary>
    [Fact]
    public async Task OpenApi_Document_MatchesTheClientCopy()
    {
        var served = JsonNode
            .Parse(
                await Fixture
                    .Gateway.CreateClient()
                    .GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken)
            )!
            .AsObject();
        served.Remove("servers"); // the test server's address, not part of the contract
        var copyPath = Path.Combine(Repository.Root(), "Client", "openapi", "v1.json");
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

        if (Environment.GetEnvironmentVariable("BATTLESHIP_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(copyPath, text, TestContext.Current.CancellationToken);
        }
        var copy = JsonNode.Parse(await File.ReadAllTextAsync(copyPath, TestContext.Current.CancellationToken));

        Assert.True(
            JsonNode.DeepEquals(served, copy),
            "Client/openapi/v1.json differs from the gateway's OpenAPI document: run `make web-openapi` and commit the result."
        );
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_bundle, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow runner; the temp folder is cleaned by the system
        }
    }

    private GatewayFactory BundleGateway() => Fixture.CreateGateway(new Dictionary<string, string?> { ["Client:RootPath"] = _bundle });

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetPathAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    private static string CreateBundle()
    {
        var root = Path.Combine(Path.GetTempPath(), $"battleship-client-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "assets"));
        File.WriteAllText(Path.Combine(root, "index.html"), IndexHtml);
        File.WriteAllText(Path.Combine(root, "assets", "app-1234.js"), "console.log('battleship');");
        return root;
    }
}
