namespace Battleship.Gateway.Tests.Rest;

/// <summary>
/// The refusals every resource makes alike: an id that names nothing is a 404 <c>NotFound</c>, a
/// list query that cannot be answered (a page before the first, a page size outside 1 to 100, an
/// unknown filter) a 400 <c>Validation</c>.
/// </summary>
public sealed class CommonRefusalsTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Theory]
    [InlineData("/api/agents/{id}", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("/api/matches/{id}", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("/api/matches/{id}/analysis?move=0", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("/api/rooms/{id}", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("/api/users/{id}", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("/api/users/{id}/matches", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("/api/agents?page=0", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/agents?pageSize=0", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/agents?pageSize=101", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/rooms?page=0", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/rooms?pageSize=0", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/rooms?pageSize=101", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/rooms?status=Sunk", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/matches/live?page=0", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/matches/live?pageSize=0", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/matches/live?pageSize=101", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/ladder?page=0", HttpStatusCode.BadRequest, "Validation")]
    [InlineData("/api/users/{me}/matches?pageSize=1000", HttpStatusCode.BadRequest, "Validation")]
    public async Task Get_UnknownIdOrUnanswerableQuery_IsRefused(string path, HttpStatusCode status, string code)
    {
        var user = await Gateway.SignInAsync("Lost");

        var response = await user.GetAsync(
            path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{me}", user.UserId.ToString(), StringComparison.Ordinal)
        );

        await response.AssertProblemAsync(status, code);
    }
}
