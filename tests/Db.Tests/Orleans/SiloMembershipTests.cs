using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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

    private async Task<List<(string Address, int Status, int ProxyPort)>> MembersAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT address, status, proxy_port FROM orleans_cluster_member WHERE cluster_id = @cluster",
            connection
        );
        command.Parameters.AddWithValue("cluster", fixture.ClusterId);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var members = new List<(string, int, int)>();
        while (await reader.ReadAsync(Ct))
        {
            members.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return members;
    }

    private async Task<int> VersionAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT version FROM orleans_cluster_version WHERE cluster_id = @cluster", connection);
        command.Parameters.AddWithValue("cluster", fixture.ClusterId);
        return (int)(await command.ExecuteScalarAsync(Ct))!;
    }
}
