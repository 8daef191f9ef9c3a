using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Db.Tests.Orleans;

/// <summary>Real silos and a real client finding each other through this project's membership tables.</summary>
[Collection(SharedOrleansSilo.Name)]
public class SiloMembershipTests(OrleansSiloFixture fixture)
{
    private const int Active = 3;
    private const int Dead = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunningSilo_HasAnActiveRowAndTheClusterHasAVersion()
    {
        var members = await MembersAsync();

        var member = Assert.Single(members, m => m.Status == Active);
        Assert.Equal("127.0.0.1", member.Address);
        Assert.True(member.ProxyPort > 0);
        Assert.True(await VersionAsync() > 0);
    }

    [Fact]
    public async Task Client_FindsTheGatewayThroughTheTable_AndCallsAGrain()
    {
        using var client = OrleansTestHosts.CreateClient(fixture.Database.ConnectionString, fixture.ClusterId, fixture.ServiceId);
        await client.StartAsync(Ct);
        try
        {
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<ILogbookGrain>(Guid.NewGuid());

            await grain.Append("from the client");

            Assert.Equal(["from the client"], (await grain.Read()).Entries);
        }
        finally
        {
            await client.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task SecondSilo_JoinsAsActive_AndIsMarkedDeadWhenItStops()
    {
        var versionBefore = await VersionAsync();
        using var second = OrleansTestHosts.CreateSilo(fixture.Database.ConnectionString, fixture.ClusterId, fixture.ServiceId);
        await second.StartAsync(Ct);
        var joined = await MembersAsync();
        Assert.Equal(2, joined.Count(m => m.Status == Active));

        await second.StopAsync(Ct);

        var left = await MembersAsync();
        Assert.Single(left, m => m.Status == Active);
        Assert.Single(left, m => m.Status == Dead);
        Assert.True(await VersionAsync() > versionBefore + 1, "joining and leaving both move the table version on");
    }

    private Task<List<(string Address, int Status, int ProxyPort)>> MembersAsync() =>
        OrleansTables.QueryAsync(
            fixture.Database.ConnectionString,
            "SELECT address, status, proxy_port FROM orleans_cluster_member WHERE cluster_id = @cluster",
            r => (r.GetString(0), r.GetInt32(1), r.GetInt32(2)),
            ("cluster", fixture.ClusterId)
        );

    private async Task<int> VersionAsync() =>
        Assert.Single(
            await OrleansTables.QueryAsync(
                fixture.Database.ConnectionString,
                "SELECT version FROM orleans_cluster_version WHERE cluster_id = @cluster",
                r => r.GetInt32(0),
                ("cluster", fixture.ClusterId)
            )
        );
}
