namespace Battleship.Gateway.Tests.Rest;

/// <summary>Whatever kind of resource is asked for, an id that names none is a 404 with the <c>NotFound</c> code.</summary>
public sealed class UnknownIdTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Theory]
    [InlineData("/api/agents/{id}")]
    [InlineData("/api/matches/{id}")]
    [InlineData("/api/matches/{id}/analysis?move=0")]
    [InlineData("/api/rooms/{id}")]
    [InlineData("/api/users/{id}")]
    [InlineData("/api/users/{id}/matches")]
    public async Task Get_UnknownId_Is404NotFound(string resource)
    {
        var user = await Gateway.SignInAsync("Lost");

        var response = await user.GetAsync(resource.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }
}
