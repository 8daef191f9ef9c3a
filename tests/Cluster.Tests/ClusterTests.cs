using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Battleship.Grains;
using Battleship.Grains.Models;
using Npgsql;

namespace Battleship.Cluster.Tests;

/// <summary>
/// Real multi-process clusters of the built silo on one migrated PostgreSQL database: a silo is
/// killed under a match, and the whole cluster is stopped and started again. Logs of every silo
/// are kept in <c>artifacts/cluster-tests/</c>; the measured failover time is appended to
/// <c>artifacts/cluster-failover.txt</c>.
/// </summary>
public sealed class ClusterTests(MigratedDatabase database, ITestOutputHelper output) : IClassFixture<MigratedDatabase>
{
    /// <summary>The longest acceptable time from the kill until the match answers again.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest acceptable time from the end of a match (the answer to its final move) until it is
    /// in the archive. The answer follows the match's first attempt to rate and archive itself; when
    /// that fails (here: a call into the killed silo, which fails until the silo is declared dead,
    /// about a second after the kill), the match retries 1 s, 2 s, 4 s and then every 5 s later
    /// (<c>MatchCompletion.RetryDelays</c>), so it is archived within 5 s of the cause clearing,
    /// plus one attempt. 30 s also covers a cause that lasts 20 s.
    /// </summary>
    private static readonly TimeSpan ArchiveBound = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int DeadStatus = 6;

    [Fact(Timeout = 170_000)]
    public async Task KillingTheSiloOfAMatch_LosesNoAcknowledgedMove_AndTheMatchFinishesOnAnotherSilo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new LocalCluster(database.ConnectionString, "failover");
        var clock = Stopwatch.StartNew();
        await cluster.StartSilosAsync(3, StartTimeout);
        output.WriteLine($"3 silos active after {clock.Elapsed.TotalSeconds:0.0} s");
        var client = await cluster.StartClientAsync();
        var retry = new FailoverRetry(TimeSpan.FromSeconds(60), ct);
        var users = new List<Participant>();
        for (var i = 0; i < 7; i++)
        {
            users.Add(await NewUserAsync(client, $"player {i}"));
        }
        MatchDriver[] matches =
        [
            new(client, retry, users[0], users[1], seed: 1),
            new(client, retry, users[2], users[3], seed: 2),
            new(client, retry, users[4], users[5], seed: 3),
            new(client, retry, users[6], Participant.Agent(BuiltInAgents.Hunt, "Hunter"), seed: 4),
        ];
        await Task.WhenAll(matches.Select(async m => await m.StartAsync()));
        await Task.WhenAll(matches.Select(m => m.PlayAsync(userShots: 12)));
        var target = matches[0];
        var management = client.GetGrain<IManagementGrain>(0);
        var host = await retry.CallAsync(() => management.GetActivationAddress(target.Grain).AsTask());
        Assert.NotNull(host);
        var victim = cluster.SiloAt(host.Endpoint.Port);
        output.WriteLine(
            $"match {target.MatchId} is at turn {target.TurnNumber} on {victim.Name} ({host}); killing process {victim.ProcessId}"
        );

        // The other matches go on playing while the silo dies; their calls are retried like the target's.
        var others = matches.Skip(1).Select(m => m.FinishAsync()).ToList();
        await Task.Delay(300, ct);
        clock.Restart();
        victim.Kill();
        var death = WaitUntilDeadAsync(cluster, victim, clock, ct);
        var view = await retry.CallAsync(() => target.Grain.GetViewAsync(target.Viewer));
        var failover = clock.Elapsed;
        var declaredDead = await death;

        var newHost = await retry.CallAsync(() => management.GetActivationAddress(target.Grain).AsTask());
        Assert.NotNull(newHost);
        Assert.NotEqual(victim.SiloPort, newHost.Endpoint.Port);
        Assert.Equal(target.TurnNumber, view.TurnNumber);
        Assert.Equal(target.CurrentPlayer, view.CurrentPlayer);
        Assert.Equal(target.AcknowledgedShots, await target.KeptUserShotsAsync());

        await Task.WhenAll(others);
        await target.FinishAsync();
        foreach (var match in matches)
        {
            Assert.Equal(MatchStatus.Finished, match.Status);
            Assert.Equal(match.AcknowledgedShots, await match.KeptUserShotsAsync());
        }
        await WaitUntilArchivedAsync([.. matches.Select(m => m.MatchId)], ct);

        var agentMatch = await retry.CallAsync(() => matches[3].Grain.GetViewAsync(matches[3].Viewer));
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} failover {failover.TotalSeconds:0.00} s (SIGKILL of the match's silo → the match answers again), "
                + $"declared dead after {declaredDead.TotalSeconds:0.00} s; 3 silos, {Environment.ProcessorCount} cores; "
                + $"retried {retry.Retried.Count} calls ({Summary(retry.Retried)}), longest failed attempt {retry.LongestFailedAttempt.TotalSeconds:0.00} s; agent match ended by {agentMatch.EndReason}; "
                + $"membership {MembershipOverrides()}"
        );
        output.WriteLine(line);
        foreach (var attempt in retry.FailedAttempts)
        {
            output.WriteLine($"  retried: {attempt}");
        }
        await File.AppendAllTextAsync(Path.Combine(HostBinaries.Artifacts, "cluster-failover.txt"), line + Environment.NewLine, ct);
        Assert.True(
            failover < FailoverBound,
            $"Failover took {failover.TotalSeconds:0.0} s; the bound is {FailoverBound.TotalSeconds:0} s."
        );
    }

    [Fact(Timeout = 170_000)]
    public async Task AfterTheWholeClusterStops_ARestartedSilo_ReadsTheMatchBackFromTheDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new LocalCluster(database.ConnectionString, "restart");
        var silos = await cluster.StartSilosAsync(2, StartTimeout);
        var client = await cluster.StartClientAsync();
        var retry = new FailoverRetry(TimeSpan.FromSeconds(60), ct);
        var alice = await NewUserAsync(client, "alice");
        var bob = await NewUserAsync(client, "bob");
        var match = new MatchDriver(client, retry, alice, bob, seed: 7);
        await match.StartAsync();
        await match.PlayAsync(userShots: 15);
        var before = Json(await match.Grain.GetViewAsync(alice.Id));

        await cluster.StopClientsAsync();
        var stopped = await Task.WhenAll(silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(30))));
        for (var i = 0; i < silos.Count; i++)
        {
            Assert.True(stopped[i], $"{silos[i].Name} did not stop within 30 s of SIGTERM.\n{silos[i].Tail()}");
        }
        Assert.All(await cluster.MembersAsync(), m => Assert.Equal(DeadStatus, m.Status));

        await cluster.StartSilosAsync(1, StartTimeout);
        match.Grains = await cluster.StartClientAsync();

        Assert.Equal(before, Json(await match.Grain.GetViewAsync(alice.Id)));
        Assert.Equal(match.AcknowledgedShots, await match.KeptUserShotsAsync());
        Assert.Contains(match.MatchId, (await match.Grains.GetGrain<IUserGrain>(alice.Id).GetProfileAsync()).ActiveMatches);
        await match.FinishAsync();
        Assert.Equal(MatchStatus.Finished, match.Status);
        await WaitUntilArchivedAsync([match.MatchId], ct);
    }

    private static async Task<Participant> NewUserAsync(IGrainFactory grains, string name)
    {
        var subject = Guid.NewGuid().ToString("N");
        var resolved = await grains
            .GetGrain<IIdentityGrain>(IIdentityGrain.KeyOf("cluster-tests", subject))
            .ResolveAsync(new UserIdentity("cluster-tests", subject, name));
        return Participant.User(resolved.UserId, name);
    }

    /// <summary>How long after the kill the membership table said the victim was dead.</summary>
    private static async Task<TimeSpan> WaitUntilDeadAsync(
        LocalCluster cluster,
        SiloProcess victim,
        Stopwatch sinceKill,
        CancellationToken ct
    )
    {
        while (!(await cluster.MembersAsync()).Contains((victim.SiloPort, DeadStatus)))
        {
            if (sinceKill.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{victim.Name} was not declared dead within 60 s of the kill.");
            }
            await Task.Delay(50, ct);
        }
        return sinceKill.Elapsed;
    }

    /// <summary>Polls the archive's <c>matches</c> table every 100 ms until it holds every one of <paramref name="matchIds"/>, for at most <see cref="ArchiveBound"/>.</summary>
    private async Task WaitUntilArchivedAsync(IReadOnlyCollection<Guid> matchIds, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var missing = matchIds.Except(await ArchivedMatchesAsync(matchIds, ct)).ToList();
            if (missing.Count == 0)
            {
                output.WriteLine($"all {matchIds.Count} finished matches in the archive after waiting {clock.Elapsed.TotalSeconds:0.00} s");
                return;
            }
            if (clock.Elapsed > ArchiveBound)
            {
                Assert.Fail(
                    $"Not archived within {ArchiveBound.TotalSeconds:0} s of the end of play: {missing.Count} of {matchIds.Count} matches ({string.Join(", ", missing)})."
                );
            }
            await Task.Delay(100, ct);
        }
    }

    private async Task<IReadOnlyList<Guid>> ArchivedMatchesAsync(IEnumerable<Guid> matchIds, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT id FROM matches WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", matchIds.ToArray());
        var archived = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            archived.Add(reader.GetGuid(0));
        }
        return archived;
    }

    /// <summary>The membership settings the silos ran with: the tuned defaults or the overrides passed through the environment.</summary>
    private static string MembershipOverrides()
    {
        var overrides = Environment
            .GetEnvironmentVariables()
            .Keys.Cast<string>()
            .Where(k => k.StartsWith(SiloProcess.MembershipOverridePrefix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k[SiloProcess.MembershipOverridePrefix.Length..]}={Environment.GetEnvironmentVariable(k)}")
            .ToList();
        return overrides.Count > 0
            ? string.Join(' ', overrides)
            : "defaults of AddBattleshipCluster (ProbeTimeout=1s, NumMissedProbesLimit=2)";
    }

    private static string Json(MatchView view) => JsonSerializer.Serialize(view);

    private static string Summary(IEnumerable<string> names) =>
        string.Join(", ", names.GroupBy(n => n).Select(g => $"{g.Count()}× {g.Key}")) is { Length: > 0 } text ? text : "none";
}
