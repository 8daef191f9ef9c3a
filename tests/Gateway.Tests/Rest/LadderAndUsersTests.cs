using System.Text.Json;

namespace Battleship.Gateway.Tests.Rest;

public sealed class LadderAndUsersTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task FinishedMatch_AppearsInHistoryAndOnTheLadder()
    {
        var player = await Gateway.SignInAsync("Ranked");
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
    public async Task Ladder_IsServedFromTheGatewaysCache_UntilItExpires()
    {
        // One gateway keeps ladder pages an hour, one not at all (a duration of zero); the default is 5 s.
        await using var cached = Fixture.CreateGateway(new Dictionary<string, string?> { ["Gateway:LadderCacheDuration"] = "01:00:00" });
        await using var uncached = Fixture.CreateGateway(new Dictionary<string, string?> { ["Gateway:LadderCacheDuration"] = "00:00:00" });
        const string Page = "/api/ladder?scope=Users&pageSize=100";
        var player = await cached.SignInAsync("Cached");
        var reader = await uncached.SignInAsync("Uncached");
        var cachedBefore = await player.GetOkAsync<JsonElement>(Page);
        var uncachedBefore = await reader.GetOkAsync<JsonElement>(Page);

        await ResignAgainstAnAgentAsync(player); // rated and archived before it answers
        var cachedAfter = await player.GetOkAsync<JsonElement>(Page);
        var uncachedAfter = await reader.GetOkAsync<JsonElement>(Page);

        Assert.Equal(TimeSpan.FromSeconds(5), new Hosting.GatewayOptions().LadderCacheDuration);
        Assert.Equal(cachedBefore.GetRawText(), cachedAfter.GetRawText());
        Assert.DoesNotContain(Ids(cachedAfter), id => id == player.UserId);
        Assert.DoesNotContain(Ids(uncachedBefore), id => id == player.UserId);
        Assert.Contains(Ids(uncachedAfter), id => id == player.UserId);
        Assert.Equal(uncachedBefore.GetProperty("totalCount").GetInt32() + 1, uncachedAfter.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task UserRecord_ComesFromTheArchivesRating_OnEveryView()
    {
        var player = await Gateway.SignInAsync("Recorded");
        var viewer = await Gateway.SignInAsync("Viewer");

        await ResignAgainstAnAgentAsync(player);
        await ResignAgainstAnAgentAsync(player);
        var me = await player.GetOkAsync<JsonElement>("/api/me");
        var seen = await viewer.GetOkAsync<JsonElement>($"/api/users/{player.UserId}");

        Assert.Equal(
            (2, 0, 2),
            (me.GetProperty("games").GetInt32(), me.GetProperty("wins").GetInt32(), me.GetProperty("losses").GetInt32())
        );
        Assert.Equal(
            (2, 0, 2),
            (seen.GetProperty("games").GetInt32(), seen.GetProperty("wins").GetInt32(), seen.GetProperty("losses").GetInt32())
        );
        var rating = seen.GetProperty("rating");
        Assert.Equal(
            (2, 0, 2, -2),
            (
                rating.GetProperty("games").GetInt32(),
                rating.GetProperty("wins").GetInt32(),
                rating.GetProperty("losses").GetInt32(),
                rating.GetProperty("currentStreak").GetInt32()
            )
        );
        Assert.True(rating.GetProperty("rating").GetDouble() < 1500);
    }

    [Fact]
    public async Task GetUser_Known_HasProfileAndInitialRating()
    {
        var viewer = await Gateway.SignInAsync("Viewer");
        var other = await Gateway.SignInAsync("Viewed");

        var user = await viewer.GetOkAsync<JsonElement>($"/api/users/{other.UserId}");

        Assert.Equal("Viewed", user.GetProperty("displayName").GetString());
        Assert.Equal(0, user.GetProperty("games").GetInt32());
        Assert.Equal(1500, user.GetProperty("rating").GetProperty("rating").GetDouble());
        Assert.Equal(350, user.GetProperty("rating").GetProperty("deviation").GetDouble());
    }

    [Fact]
    public async Task GetUserMatches_NewUser_IsAnEmptyPage()
    {
        var viewer = await Gateway.SignInAsync("Novice");

        var page = await viewer.GetOkAsync<JsonElement>($"/api/users/{viewer.UserId}/matches");

        Assert.Equal(0, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(20, page.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task MyLadderRow_HasTheRankOfTheFullLadder_AndIsEmptyBeforeTheFirstRatedMatch()
    {
        // Pages read uncached, so that the page holding the player's rank is the archive's of now.
        await using var uncached = Fixture.CreateGateway(new Dictionary<string, string?> { ["Gateway:LadderCacheDuration"] = "00:00:00" });
        var newcomer = await uncached.SignInAsync("Newcomer");
        var player = await uncached.SignInAsync("Ranked");
        await ResignAgainstAnAgentAsync(player);

        var unrated = await newcomer.GetAsync("/api/ladder/me");
        var mine = await player.GetOkAsync<JsonElement>("/api/ladder/me?scope=Users");
        var onAgentsLadder = await player.GetAsync("/api/ladder/me?scope=Agents");

        Assert.Equal(HttpStatusCode.NoContent, unrated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, onAgentsLadder.StatusCode);
        Assert.Equal(player.UserId, mine.GetProperty("participant").GetProperty("id").GetGuid());
        Assert.Equal("Ranked", mine.GetProperty("name").GetString());
        Assert.Equal(1, mine.GetProperty("losses").GetInt32());
        // The collection's other tests rank users too: the rank is the one the page holding it gives.
        var rank = mine.GetProperty("rank").GetInt32();
        var page = await player.GetOkAsync<JsonElement>($"/api/ladder?scope=Users&pageSize=10&page={((rank - 1) / 10) + 1}");
        var row = page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("rank").GetInt32() == rank);
        Assert.Equal(player.UserId, row.GetProperty("participant").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task MyLadderRow_BadScope_Is400()
    {
        var viewer = await Gateway.SignInAsync("Viewer");

        var response = await viewer.GetAsync("/api/ladder/me?scope=Everyone");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    [Trait("Suite", "Auth")]
    public async Task Ladder_NoToken_Is401()
    {
        var response = await Gateway.CreateClient().GetPathAsync("/api/ladder");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Starts a match against the hunting agent, places at random and resigns: the agent wins.</summary>
    private static async Task ResignAgainstAnAgentAsync(Session player)
    {
        var match = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Hunt });
        await player.PostOkAsync<MatchView>($"/api/matches/{match.MatchId}/place", new { random = true });
        await player.PostOkAsync<MatchView>($"/api/matches/{match.MatchId}/resign");
    }

    private static IEnumerable<Guid> Ids(JsonElement ladder) =>
        ladder.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("participant").GetProperty("id").GetGuid());
}
