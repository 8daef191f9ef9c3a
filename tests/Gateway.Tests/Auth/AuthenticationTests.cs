using System.Net.Http.Json;
using System.Text.Json;

namespace Battleship.Gateway.Tests.Auth;

[Trait("Suite", "Auth")]
public sealed class AuthenticationTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task DevToken_ThenMe_CreatesTheUserWithTheName()
    {
        var session = await Gateway.SignInAsync("Alice");

        var me = await session.Http.GetFromJsonAsync<JsonElement>("/api/me", Sessions.Json, TestContext.Current.CancellationToken);

        Assert.Equal("Alice", me.GetProperty("displayName").GetString());
        Assert.Equal(session.UserId, me.GetProperty("id").GetGuid());
        Assert.Equal(TestGateway.Issuer, me.GetProperty("issuer").GetString());
        Assert.False(me.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task DevToken_SameSubjectAgain_IsTheSameUser()
    {
        var first = await Gateway.SignInAsync("Bob");

        var second = await Gateway.SignInAsync("Robert", subject: first.Subject);

        Assert.Equal(first.UserId, second.UserId);
        Assert.Equal("Bob", second.DisplayName); // the name a user started with stays until it is changed
    }

    [Fact]
    public async Task DevToken_AdminRole_MakesAnAdmin()
    {
        var admin = await Gateway.SignInAsync("Root", admin: true);

        var me = await admin.Http.GetFromJsonAsync<JsonElement>("/api/me", Sessions.Json, TestContext.Current.CancellationToken);

        Assert.True(me.GetProperty("isAdmin").GetBoolean());
    }

    [Fact]
    public async Task DevToken_BlankName_Is400()
    {
        var response = await Gateway
            .CreateClient()
            .PostAsJsonAsync("/auth/dev-token", new { displayName = "  " }, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task Me_NoToken_Is401()
    {
        var response = await GetMeAsync(Gateway.CreateClient());

        await AssertUnauthenticatedAsync(response, "missing");
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("from another issuer", "issuer")]
    [InlineData("for another audience", "audience")]
    [InlineData("signed with another key", "signature")]
    [InlineData("unsigned (alg none)", "signature")]
    public async Task Me_BadToken_Is401WithTheReason(string token, string reason)
    {
        var response = await GetMeAsync(Gateway.ClientWithToken(BadToken(token)));

        await AssertUnauthenticatedAsync(response, reason);
    }

    [Fact]
    public async Task Me_GarbageToken_Is401()
    {
        var response = await GetMeAsync(Gateway.ClientWithToken("not-a-jwt"));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthenticated");
    }

    [Fact]
    public async Task Me_TokenInQueryOutsideHubs_Is401()
    {
        var session = await Gateway.SignInAsync("Query");

        var response = await GetMeAsync(Gateway.CreateClient(), $"?access_token={session.Token}");

        await AssertUnauthenticatedAsync(response, "missing");
    }

    [Fact]
    public async Task Me_ValidForgedToken_IsAccepted()
    {
        // The forging helper makes exactly what the local issuer makes: the sad paths above differ from it in one part only.
        var token = Tokens.Create(subject: $"forged-{Guid.NewGuid():N}");

        var response = await GetMeAsync(Gateway.ClientWithToken(token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PutMe_NewName_Renames()
    {
        var session = await Gateway.SignInAsync("Carol");

        var response = await session.PutAsync("/api/me", new { displayName = "Caroline" });
        var me = await response.ReadAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Caroline", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task PutMe_NameTooLong_Is400()
    {
        var session = await Gateway.SignInAsync("Dave");

        var response = await session.PutAsync("/api/me", new { displayName = new string('x', 33) });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task PutMe_NoBody_Is400()
    {
        var session = await Gateway.SignInAsync("Erin");

        var response = await session.Http.PutAsync(
            new Uri("/api/me", UriKind.Relative),
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken
        );

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task LocalIssuer_InProduction_RefusesToStart()
    {
        await using var production = Fixture.CreateGateway(environment: "Production");

        var error = Assert.Throws<InvalidOperationException>(() => production.Server);

        Assert.Contains("Auth:LocalIssuer:Enabled", error.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> GetMeAsync(HttpClient client, string query = "") => client.GetPathAsync($"/api/me{query}");

    /// <summary>A token that differs from a valid one in one part only.</summary>
    private static string BadToken(string token) =>
        token switch
        {
            "expired" => Tokens.Create(expires: DateTimeOffset.UtcNow.AddMinutes(-5)),
            "from another issuer" => Tokens.Create(issuer: "https://evil.example/"),
            "for another audience" => Tokens.Create(audience: "some-other-api"),
            "signed with another key" => Tokens.Create(key: Tokens.OtherKey()),
            "unsigned (alg none)" => Tokens.WithoutSignature(),
            _ => throw new ArgumentOutOfRangeException(nameof(token)),
        };

    private static async Task AssertUnauthenticatedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await response.ProblemAsync();
        Assert.Equal("Unauthenticated", problem.GetProperty("code").GetString());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
    }
}
