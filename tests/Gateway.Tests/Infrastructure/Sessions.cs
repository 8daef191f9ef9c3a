using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>A signed-in test user: an HTTP client that sends its token, and who it is.</summary>
public sealed record Session(HttpClient Http, string Token, string Subject, Guid UserId, string DisplayName);

/// <summary>Signing in through the gateway's own endpoints, and the JSON conventions of its API.</summary>
public static class Sessions
{
    private static readonly string[] AdminRoles = ["admin"];

    /// <summary>The API's JSON: camelCase, enums as names.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Gets a token from <c>POST /auth/dev-token</c> and resolves the user with <c>GET /api/me</c>.</summary>
    public static async Task<Session> SignInAsync(
        this GatewayFactory gateway,
        string name = "player",
        bool admin = false,
        string? subject = null
    )
    {
        var anonymous = gateway.CreateClient();
        var response = await anonymous.PostAsJsonAsync(
            "/auth/dev-token",
            new
            {
                displayName = name,
                subject,
                roles = admin ? AdminRoles : [],
            },
            Json
        );
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        var accessToken = token.GetProperty("accessToken").GetString()!;
        var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me", Json);
        return new Session(
            http,
            accessToken,
            token.GetProperty("subject").GetString()!,
            me.GetProperty("id").GetGuid(),
            me.GetProperty("displayName").GetString()!
        );
    }

    /// <summary>An HTTP client that sends <paramref name="token"/> as a bearer token.</summary>
    public static HttpClient ClientWithToken(this GatewayFactory gateway, string token)
    {
        var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>The <c>code</c> of a ProblemDetails body.</summary>
    public static async Task<string?> ProblemCodeAsync(this HttpResponseMessage response) =>
        (await response.ProblemAsync()).GetProperty("code").GetString();

    /// <summary>Asserts that the call was refused with <paramref name="status"/> and a ProblemDetails body of that <c>code</c>.</summary>
    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await response.ProblemCodeAsync());
    }
}
