using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using Microsoft.EntityFrameworkCore;
using static Battleship.Db.Tests.Archive.ArchiveData;

namespace Battleship.Db.Tests.Archive;

/// <summary>
/// The ladder as a read model: a total order (ties broken by id), stable pages, and a query that
/// reads along <c>ix_ratings_rating_deviation_id</c>. Each test has a database of its own, since
/// the ladder spans the whole archive.
/// </summary>
public sealed class LadderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ladder_EqualRatings_RankByIdEveryTime_AndPagesNeitherOverlapNorSkip()
    {
        await using var own = await MigratedArchive.NewAsync();
        var store = own.Store;
        var agents = await ThreeMatchesBetweenNewcomersAsync(own);

        var whole = await store.GetLadderAsync(1, 6, cancellationToken: Ct);
        var pages = new List<Page<LadderEntry>>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await store.GetLadderAsync(page, 2, cancellationToken: Ct));
        }

        // Ties go by the rating row's id, a version-7 GUID made from the end of the participant's first
        // rated match, which PostgreSQL compares byte by byte: here, the order of the matches.
        Assert.Equal([agents[0], agents[2], agents[4], agents[1], agents[3], agents[5]], whole.Items.Select(e => e.Record.Participant));
        Assert.Single(whole.Items.Take(3).Select(e => e.Record.Rating).Distinct());
        Assert.Single(whole.Items.Skip(3).Select(e => e.Record.Rating).Distinct());
        Assert.Equal([2, 2, 2, 0], pages.Select(p => p.Items.Count));
        Assert.Equal(whole.Items, pages.SelectMany(p => p.Items));
        Assert.All(pages, p => Assert.Equal((6, 3), (p.TotalCount, p.TotalPages())));
        Assert.Equal(whole.Items, (await store.GetLadderAsync(1, 6, cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task LadderEntry_OfEachParticipant_IsItsLineOfTheFullLadder_TiesIncluded()
    {
        await using var own = await MigratedArchive.NewAsync();
        var store = own.Store;
        var agents = await ThreeMatchesBetweenNewcomersAsync(own);
        var whole = await store.GetLadderAsync(1, 6, cancellationToken: Ct);

        var entries = new List<LadderEntry?>();
        foreach (var agent in agents)
        {
            entries.Add(await store.GetLadderEntryAsync(agent, LadderScope.Agents, Ct));
        }
        var unrated = await store.GetLadderEntryAsync(
            ParticipantRef.Agent(await AgentAsync(store, name: "unrated")),
            cancellationToken: Ct
        );
        var outOfScope = await store.GetLadderEntryAsync(agents[0], LadderScope.Users, Ct);

        // Equal ratings (three winners, three losers) are told apart by id, as the pages do.
        Assert.Equal(whole.Items.OrderBy(e => e.Record.Participant.Id), entries.OrderBy(e => e!.Record.Participant.Id));
        Assert.Null(unrated);
        Assert.Null(outOfScope);
    }

    [Fact]
    public async Task Ladder_AtScale_IsReadAlongTheLadderIndex_WithoutSorting()
    {
        await using var own = await MigratedArchive.NewAsync();
        // 10,000 users with ratings spread over a few values, so that ties are common.
        await own.ExecuteAsync(
            """
            insert into users (id, issuer, subject, display_name, created_at, last_seen_at)
            select gen_random_uuid(), 'https://tests.battleship.local/', 'sub-' || i, 'user ' || i, now(), now()
            from generate_series(1, 10000) as i;
            insert into ratings (id, user_id, rating, deviation, volatility, games, wins, losses, current_streak, updated_at)
            select gen_random_uuid(), id, 1400 + (abs(hashtext(id::text)) % 200), 50 + (abs(hashtext(subject)) % 3), 0.06, 1, 1, 0, 1, now()
            from users;
            analyze ratings;
            """
        );
        await using var db = await own.Contexts.CreateDbContextAsync(Ct);
        var page = RatingStore.InLadderOrder(db.Ratings).Skip(400).Take(20).ToQueryString();

        var plan = await ExplainAsync(own.ConnectionString, Inline(page));

        Assert.Contains("Index Scan using ix_ratings_rating_deviation_id on ratings", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
        var ladder = await own.Store.GetLadderAsync(21, 20, cancellationToken: Ct);
        Assert.Equal(10_000, ladder.TotalCount);
        Assert.Equal(Enumerable.Range(401, 20), ladder.Items.Select(e => e.Position));
    }

    [Fact]
    public async Task LadderAgents_AreTheBuiltInOnesAndTheRatedOnes_OfTheKindAskedFor()
    {
        await using var own = await MigratedArchive.NewAsync();
        var store = own.Store;
        var builtIn = Guid.NewGuid();
        await store.UpsertAgentAsync(new AgentProfile(builtIn, "built-in", AgentKind.Heuristic, "density", null, true, Epoch), Ct);
        var rated = await AgentAsync(store, name: "rated");
        var unrated = await AgentAsync(store, name: "unrated");
        var dqn = Guid.NewGuid();
        await store.UpsertAgentAsync(new AgentProfile(dqn, "dqn", AgentKind.Dqn, "/ckpt/a.pt", null, false, Epoch), Ct);
        await own.ArchiveAsync(Match(ParticipantRef.Agent(rated), ParticipantRef.Agent(dqn)), Glicko2.Default, Ct);

        var heuristic = await store.ListLadderAgentsAsync(AgentKind.Heuristic, 100, Ct);
        var limited = await store.ListLadderAgentsAsync(AgentKind.Heuristic, 1, Ct);

        Assert.Equal(new[] { builtIn, rated }.Order(), heuristic.Select(a => a.Id).Order());
        Assert.DoesNotContain(heuristic, a => a.Id == unrated);
        Assert.Equal([dqn], (await store.ListLadderAgentsAsync(AgentKind.Dqn, 100, Ct)).Select(a => a.Id));
        Assert.Single(limited);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListLadderAgentsAsync(AgentKind.Heuristic, 0, Ct));
    }

    /// <summary>Six agents, then three matches between them: three winners with one identical rating, three losers with another.</summary>
    private static async Task<List<ParticipantRef>> ThreeMatchesBetweenNewcomersAsync(MigratedArchive own)
    {
        var agents = new List<ParticipantRef>();
        for (var i = 0; i < 6; i++)
        {
            agents.Add(ParticipantRef.Agent(await AgentAsync(own.Store, name: $"bot-{i}")));
        }
        for (var i = 0; i < 6; i += 2)
        {
            await own.ArchiveAsync(Match(agents[i], agents[i + 1], finishedAt: Epoch.AddMinutes(i)), Glicko2.Default, Ct);
        }
        return agents;
    }

    /// <summary>
    /// The SQL of <c>ToQueryString</c> with its parameters written in: EF Core lists them as
    /// <c>-- @name='value'</c> lines ahead of the statement.
    /// </summary>
    private static string Inline(string sql)
    {
        var lines = sql.Split('\n');
        var parameters = lines
            .Where(l => l.StartsWith("-- @", StringComparison.Ordinal))
            .Select(l => l[3..].Split('=', 2))
            .OrderByDescending(p => p[0].Length)
            .ToList();
        var statement = string.Join('\n', lines.Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        foreach (var p in parameters)
        {
            statement = statement.Replace(p[0], p[1].Trim('\''), StringComparison.Ordinal);
        }
        return statement;
    }

    private static async Task<string> ExplainAsync(string connectionString, string query) =>
        string.Join('\n', await PlainSql.QueryAsync(connectionString, $"explain {query}", row => row.GetString(0)));
}
