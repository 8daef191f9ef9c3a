using System.Text.Json;

namespace Battleship.Gateway.Tests.Rest;

public sealed class AgentsApiTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task ListAgents_BuiltInOnesComeFirst_ByName()
    {
        var user = await Gateway.SignInAsync("Browser");

        var agents = await user.GetOkAsync<Page<AgentProfile>>("/api/agents?pageSize=100");

        var builtIn = agents.Items.Take(BuiltInAgents.All.Count).ToList();
        Assert.All(builtIn, a => Assert.True(a.IsBuiltIn));
        Assert.Equal(BuiltInAgents.All.Select(a => a.Id).Order(), builtIn.Select(a => a.Id).Order());
        Assert.Equal(builtIn.Select(a => a.Name).Order(StringComparer.Ordinal), builtIn.Select(a => a.Name));
        Assert.DoesNotContain(agents.Items.Skip(BuiltInAgents.All.Count), a => a.IsBuiltIn);
        Assert.Equal(agents.Items.Count, Math.Min(agents.TotalCount, 100));
    }

    [Fact]
    public async Task ListAgents_Mine_HasExactlyTheCallersAgents()
    {
        var owner = await Gateway.SignInAsync("Collector");
        var other = await Gateway.SignInAsync("Onlooker");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var created = new List<Guid>();
        foreach (var name in new[] { $"Zed {suffix}", $"Abe {suffix}" })
        {
            var response = await owner.PostAsync("/api/agents", Heuristic(name, "parity"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            created.Add((await response.ReadAsync<AgentProfile>()).Id);
        }

        var mine = await owner.GetOkAsync<Page<AgentProfile>>("/api/agents?mine=true");
        var theirs = await other.GetOkAsync<Page<AgentProfile>>("/api/agents?mine=true");
        var all = await other.GetOkAsync<Page<AgentProfile>>("/api/agents?pageSize=100");

        Assert.Equal([$"Abe {suffix}", $"Zed {suffix}"], mine.Items.Select(a => a.Name));
        Assert.Equal(2, mine.TotalCount);
        Assert.All(mine.Items, a => Assert.Equal(owner.UserId, a.OwnerId));
        Assert.Empty(theirs.Items);
        Assert.Superset(created.ToHashSet(), all.Items.Select(a => a.Id).ToHashSet());
    }

    [Fact]
    public async Task GetAgent_BuiltIn_HasProfileAndRating()
    {
        var user = await Gateway.SignInAsync("Browser");

        var details = await user.GetOkAsync<AgentDetailsDto>($"/api/agents/{BuiltInAgents.Parity}");

        Assert.Equal("Parity Hunter", details.Agent.Name);
        Assert.Equal("parity", details.Agent.Policy);
        Assert.True(details.Rating.Rating > 0);
    }

    [Fact]
    public async Task GetAgent_BuiltIn_DescribesHowItPlays_InOnePlainSentence()
    {
        var user = await Gateway.SignInAsync("Browser");

        var density = await user.GetOkAsync<JsonElement>($"/api/agents/{BuiltInAgents.Density}");
        var list = await user.GetOkAsync<JsonElement>("/api/agents?pageSize=100");

        Assert.Equal(
            "Counts every way the remaining ships could lie and fires at the cell most of them cover.",
            density.GetProperty("agent").GetProperty("description").GetString()
        );
        Assert.All(
            list.GetProperty("items").EnumerateArray(),
            a => Assert.False(string.IsNullOrWhiteSpace(a.GetProperty("description").GetString()))
        );
    }

    [Fact]
    public async Task CreateAgent_Heuristic_Is201OwnedByTheCaller()
    {
        var owner = await Gateway.SignInAsync("Maker");

        var response = await owner.PostAsync("/api/agents", Heuristic("My hunter", "hunt"));
        var agent = await response.ReadAsync<AgentProfile>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/agents/{agent.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(owner.UserId, agent.OwnerId);
        Assert.False(agent.IsBuiltIn);
    }

    [Theory]
    [InlineData("Heuristic", "cheat")] // an unknown policy
    [InlineData("Psychic", "hunt")] // an unknown kind
    public async Task CreateAgent_UnknownPolicyOrKind_Is400(string kind, string policy)
    {
        var owner = await Gateway.SignInAsync("Maker");

        var response = await owner.PostAsync(
            "/api/agents",
            new
            {
                name = "Oracle",
                kind,
                policy,
            }
        );

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Validation");
    }

    [Fact]
    public async Task UpdateAgent_ByOwner_Redefines()
    {
        var owner = await Gateway.SignInAsync("Maker");
        var agent = await CreateAsync(owner);

        var updated = await PutOkAsync(owner, agent.Id, Heuristic("Renamed", "density"));

        Assert.Equal("Renamed", updated.Name);
        Assert.Equal("density", updated.Policy);
        Assert.Equal(owner.UserId, updated.OwnerId);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task UpdateOrDeleteAgent_ByAnotherUser_Is403(string method)
    {
        var owner = await Gateway.SignInAsync("Maker");
        var other = await Gateway.SignInAsync("Meddler");
        var agent = await CreateAsync(owner);

        var response = await UpdateOrDeleteAsync(other, method, agent.Id);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "NotOwner");
    }

    [Fact]
    public async Task UpdateAgent_ByAdmin_KeepsTheOwner()
    {
        var owner = await Gateway.SignInAsync("Maker");
        var admin = await Gateway.SignInAsync("Admin", admin: true);
        var agent = await CreateAsync(owner);

        var updated = await PutOkAsync(admin, agent.Id, Heuristic("Moderated", "parity"));

        Assert.Equal("Moderated", updated.Name);
        Assert.Equal(owner.UserId, updated.OwnerId);
    }

    [Fact]
    public async Task UpdateBuiltIn_ByUser_Is403()
    {
        var user = await Gateway.SignInAsync("Vandal");

        var response = await UpdateOrDeleteAsync(user, "PUT", BuiltInAgents.Random);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("PUT", "random")]
    [InlineData("DELETE", "density")]
    public async Task UpdateOrDeleteBuiltIn_ByAdmin_Is409(string method, string policy)
    {
        var admin = await Gateway.SignInAsync("Admin", admin: true);
        var agent = BuiltInAgents.All.Single(a => a.Definition.Policy == policy).Id;

        var response = await UpdateOrDeleteAsync(admin, method, agent);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "InvalidTransition");
    }

    [Fact]
    public async Task DeleteAgent_ByOwner_Is204AndThenGone()
    {
        var owner = await Gateway.SignInAsync("Maker");
        var agent = await CreateAsync(owner);

        var deleted = await owner.DeleteAsync($"/api/agents/{agent.Id}");
        var after = await owner.GetAsync($"/api/agents/{agent.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    private static Task<AgentProfile> CreateAsync(Session owner) =>
        owner.PostOkAsync<AgentProfile>("/api/agents", Heuristic($"Agent {Guid.NewGuid():N}"[..20], "hunt"));

    /// <summary>The body that defines a heuristic agent.</summary>
    private static object Heuristic(string name, string policy) =>
        new
        {
            name,
            kind = "Heuristic",
            policy,
        };

    private static async Task<AgentProfile> PutOkAsync(Session session, Guid id, object body)
    {
        var response = await session.PutAsync($"/api/agents/{id}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<AgentProfile>();
    }

    /// <summary>Redefines the agent (<c>PUT</c>) or deletes it (<c>DELETE</c>).</summary>
    private static Task<HttpResponseMessage> UpdateOrDeleteAsync(Session session, string method, Guid agent) =>
        method == "PUT"
            ? session.PutAsync($"/api/agents/{agent}", Heuristic("Not yours", "random"))
            : session.DeleteAsync($"/api/agents/{agent}");

    public sealed record RatingDto(double Rating, double Deviation, int Games);

    public sealed record AgentDetailsDto(AgentProfile Agent, RatingDto Rating);
}
