using System.Net;
using System.Text.Json;
using Battleship.Gateway.Tests.Infrastructure;
using Battleship.Grains.Models;

namespace Battleship.Gateway.Tests.Rest;

[Collection(GatewayCollection.Name)]
public sealed class LadderAndUsersTests(GatewayFixture fixture)
{
    private readonly GatewayFactory _gateway = fixture.Gateway;

    [Fact]
    public async Task FinishedMatch_AppearsInHistoryAndOnTheLadder()
    {
        var player = await _gateway.SignInAsync("Ranked");
        var match = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Hunt });
        await player.PostOkAsync<MatchView>($"/api/matches/{match.MatchId}/place", new { random = true });
        await player.PostOkAsync<MatchView>($"/api/matches/{match.MatchId}/resign"); // rated and archived before it answers

        var history = await player.GetOkAsync<JsonElement>($"/api/users/{player.UserId}/matches?page=1&pageSize=5");
        var users = await player.GetOkAsync<JsonElement>("/api/ladder?scope=Users&pageSize=100");
        var agents = await player.GetOkAsync<JsonElement>($"/api/agents/{BuiltInAgents.Hunt}/matches");

        var item = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(match.MatchId, item.GetProperty("id").GetGuid());
        Assert.Equal("Resign", item.GetProperty("endReason").GetString());
        Assert.Equal(1, item.GetProperty("winner").GetInt32());
        Assert.Equal("Agent", item.GetProperty("playerTwo").GetProperty("kind").GetString());
        var row = Assert.Single(
            users.GetProperty("items").EnumerateArray(),
            r => r.GetProperty("participant").GetProperty("id").GetGuid() == player.UserId
        );
        Assert.Equal("Ranked", row.GetProperty("name").GetString());
        Assert.Equal(1, row.GetProperty("losses").GetInt32());
        Assert.Equal(-1, row.GetProperty("currentStreak").GetInt32());
        Assert.Contains(agents.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == match.MatchId);
    }

    [Fact]
    public async Task GetUser_Known_HasProfileAndInitialRating()
    {
        var viewer = await _gateway.SignInAsync("Viewer");
        var other = await _gateway.SignInAsync("Viewed");

        var user = await viewer.GetOkAsync<JsonElement>($"/api/users/{other.UserId}");

        Assert.Equal("Viewed", user.GetProperty("displayName").GetString());
        Assert.Equal(0, user.GetProperty("games").GetInt32());
        Assert.Equal(1500, user.GetProperty("rating").GetProperty("rating").GetDouble());
        Assert.Equal(350, user.GetProperty("rating").GetProperty("deviation").GetDouble());
    }

    [Fact]
    public async Task GetUser_Unknown_Is404()
    {
        var viewer = await _gateway.SignInAsync("Viewer");

        var response = await viewer.GetAsync($"/api/users/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFound", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task GetUserMatches_Unknown_Is404()
    {
        var viewer = await _gateway.SignInAsync("Viewer");

        var response = await viewer.GetAsync($"/api/users/{Guid.NewGuid()}/matches");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetUserMatches_NewUser_IsAnEmptyPage()
    {
        var viewer = await _gateway.SignInAsync("Novice");

        var page = await viewer.GetOkAsync<JsonElement>($"/api/users/{viewer.UserId}/matches");

        Assert.Equal(0, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(20, page.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task GetUserMatches_BadPageSize_Is400()
    {
        var viewer = await _gateway.SignInAsync("Viewer");

        var response = await viewer.GetAsync($"/api/users/{viewer.UserId}/matches?pageSize=1000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Validation", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Ladder_BadPage_Is400()
    {
        var viewer = await _gateway.SignInAsync("Viewer");

        var response = await viewer.GetAsync("/api/ladder?page=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Validation", await response.ProblemCodeAsync());
    }

    [Fact]
    [Trait("Suite", "Auth")]
    public async Task Ladder_NoToken_Is401()
    {
        var response = await _gateway
            .CreateClient()
            .GetAsync(new Uri("/api/ladder", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
