using System.Net.Http.Json;
using System.Text.Json;

namespace Battleship.Gateway.Tests.Host;

/// <summary>
/// The gateway's own Orleans client, as in production: it finds a real silo through the ADO.NET
/// membership table on PostgreSQL (no test-cluster client swapped in).
/// </summary>
public sealed class AdoNetClusterTests() : WithAdoNetCluster(silos: 1)
{
    [Fact]
    public async Task Gateway_FindsTheSiloThroughTheMembershipTable_AndPlays()
    {
        var gateway = Cluster.CreateGateway();
        var http = gateway.CreateClient();

        var status = await http.GetFromJsonAsync<JsonElement>(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await http.GetPathAsync("/health/ready");
        var player = await gateway.SignInAsync("Remote");
        var match = await player.PostOkAsync<MatchView>("/api/matches", new { agentId = BuiltInAgents.Density });

        Assert.Equal("Active", Assert.Single(status.GetProperty("silos").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(MatchStatus.Placing, match.Status);
    }
}
