using System.Text.Json;
using Battleship.Db.Archive;
using Microsoft.EntityFrameworkCore;
using static Battleship.Db.Tests.Archive.ArchiveData;

namespace Battleship.Db.Tests.Archive;

/// <summary>The store on a real PostgreSQL archive: identity mapping, archiving, reads and paging.</summary>
public sealed class ArchiveStoreTests(MigratedArchive archive) : IClassFixture<MigratedArchive>
{
    private IArchiveStore Store => archive.Store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveUser_CreatesOnFirstSight_ThenReturnsTheSameUser()
    {
        var subject = $"sub-{Guid.NewGuid():N}";

        var first = await Store.ResolveUserAsync(Issuer, subject, "  Ada  ", Ct);
        var second = await Store.ResolveUserAsync(Issuer, subject, "Someone Else", Ct);

        Assert.True(first.Created);
        Assert.Equal(new UserResolution(first.UserId, Created: false), second);
        var user = await Store.GetUserAsync(first.UserId, Ct);
        Assert.NotNull(user);
        Assert.Equal((Issuer, subject, "Ada"), (user.Issuer, user.Subject, user.DisplayName));
        Assert.True(user.LastSeenAt >= user.CreatedAt);
    }

    [Fact]
    public async Task ResolveUser_CalledConcurrentlyForOneSubject_CreatesOneUser()
    {
        var subject = $"sub-{Guid.NewGuid():N}";
        using var start = new ManualResetEventSlim();

        var calls = Enumerable
            .Range(0, 12)
            .Select(i =>
                Task.Run(
                    async () =>
                    {
                        start.Wait(Ct);
                        return await Store.ResolveUserAsync(Issuer, subject, $"racer {i}", Ct);
                    },
                    Ct
                )
            )
            .ToList();
        start.Set();
        var results = await Task.WhenAll(calls);

        Assert.Single(results.Select(r => r.UserId).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal(1, await archive.CountAsync("select count(*) from users where issuer = $1 and subject = $2", Issuer, subject));
    }

    [Fact]
    public async Task ResolveUser_CutsALongDisplayName_AndRefusesAnEmptySubject()
    {
        var resolved = await Store.ResolveUserAsync(Issuer, $"sub-{Guid.NewGuid():N}", new string('n', 100), Ct);

        Assert.Equal(ArchiveLimits.DisplayNameMaxLength, (await Store.GetUserAsync(resolved.UserId, Ct))!.DisplayName.Length);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ResolveUserAsync(Issuer, " ", "x", Ct));
    }

    [Fact]
    public async Task UpdateDisplayName_RenamesAnExistingUser_AndValidates()
    {
        var user = await UserAsync(Store);

        Assert.True(await Store.UpdateDisplayNameAsync(user, " Grace ", Ct));
        Assert.False(await Store.UpdateDisplayNameAsync(Guid.NewGuid(), "Nobody", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.UpdateDisplayNameAsync(user, new string('x', ArchiveLimits.DisplayNameMaxLength + 1), Ct)
        );
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpdateDisplayNameAsync(user, "   ", Ct));
        Assert.Equal("Grace", (await Store.GetUserAsync(user, Ct))!.DisplayName);
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WritesTheMatchEveryMoveAndTheRatings_AndReadsBackForReplay()
    {
        var one = Participant.User(await UserAsync(Store));
        var two = Participant.Agent(await AgentAsync(Store));
        var match = Match(one, two, moveCount: 40, ratings: [Rating(one, delta: -12), Rating(two, delta: 12)]);

        Assert.True(await archive.ArchiveAsync(match, Ct));

        var replay = await Store.GetMatchAsync(match.Id, Ct);
        Assert.NotNull(replay);
        Assert.Equal(Moves(match), replay.Moves);
        Assert.Equal(
            (match.PlayerOne, match.PlayerTwo, match.Rules, match.Winner, match.EndReason, match.StartedAt, match.FinishedAt),
            (replay.PlayerOne, replay.PlayerTwo, replay.Rules, replay.Winner, replay.EndReason, replay.StartedAt, replay.FinishedAt)
        );
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(Fleet).RootElement, JsonDocument.Parse(replay.FleetOne).RootElement));
        Assert.Equal(40, await archive.CountAsync("select move_count from matches where id = $1", match.Id));
        var history = await Store.GetRatingHistoryAsync(two, 1, 10, Ct);
        Assert.Equal(
            [new RatingChange(match.Id, match.RatingUpdates[1].Before, match.RatingUpdates[1].After, match.FinishedAt)],
            history.Items
        );
    }

    [Fact]
    public async Task ArchiveFinishedMatch_Twice_WritesOnce()
    {
        var one = Participant.Agent(await AgentAsync(Store));
        var two = Participant.Agent(await AgentAsync(Store));
        var match = Match(one, two, ratings: [Rating(one), Rating(two, delta: -10)]);

        Assert.True(await archive.ArchiveAsync(match, Ct));
        Assert.False(await archive.ArchiveAsync(match, Ct));

        Assert.Equal(1, await archive.CountAsync("select count(*) from matches where id = $1", match.Id));
        Assert.Equal(match.MoveCount, await archive.CountAsync("select count(*) from match_log where match_id = $1", match.Id));
        Assert.Equal(2, await archive.CountAsync("select count(*) from rating_history where match_id = $1", match.Id));
        Assert.Equal(1, await archive.CountAsync("select games from ratings where agent_id = $1", one.AgentId!.Value));
    }

    [Fact]
    public async Task ArchiveFinishedMatch_CalledConcurrently_ArchivesOnce()
    {
        var one = Participant.Agent(await AgentAsync(Store));
        var two = Participant.Agent(await AgentAsync(Store));
        var match = Match(one, two, ratings: [Rating(one), Rating(two, delta: -10)]);
        await archive.Log.AppendAsync(match.Id, LogEntries(match), Ct);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(_ => Task.Run(() => Store.ArchiveFinishedMatchAsync(match, Ct), Ct))
        );

        Assert.Single(results, archived => archived);
        Assert.Equal(match.MoveCount, await archive.CountAsync("select count(*) from match_log where match_id = $1", match.Id));
        Assert.Equal(2, await archive.CountAsync("select count(*) from rating_history where match_id = $1", match.Id));
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WhenARatingViolatesAConstraint_LeavesNoRows()
    {
        var one = Participant.User(await UserAsync(Store));
        var two = Participant.Agent(await AgentAsync(Store));
        // The agent already has a rating, so the bad update goes down the update path after the
        // user's rating row was inserted in the same transaction.
        var earlier = Match(two, Participant.Agent(await AgentAsync(Store)), finishedAt: Epoch, ratings: [Rating(two, games: 1)]);
        await archive.ArchiveAsync(earlier, Ct);
        var match = Match(one, two, finishedAt: Epoch.AddHours(2), ratings: [Rating(one), Rating(two, games: 2, deviationAfter: -1)]);

        await PostgresAssert.RefusedAsync(PostgresAssert.CheckViolation, "ck_ratings_deviation", () => archive.ArchiveAsync(match, Ct));

        await AssertNothingArchivedAsync(match, one.UserId!.Value);
        Assert.Equal(1, await archive.CountAsync("select games from ratings where agent_id = $1", two.AgentId!.Value));
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WhenTheTransactionFailsJustBeforeCommit_LeavesNoRows()
    {
        var one = Participant.User(await UserAsync(Store));
        var two = Participant.Agent(await AgentAsync(Store));
        var match = Match(one, two, ratings: [Rating(one), Rating(two, delta: -10)]);
        long rowsSeenInsideTheTransaction = -1;
        var store = archive.StoreWithHook(
            async (db, ct) =>
            {
                rowsSeenInsideTheTransaction = await db.Matches.LongCountAsync(m => m.Id == match.Id, ct);
                throw new InvalidOperationException("injected failure");
            }
        );

        await Assert.ThrowsAsync<InvalidOperationException>(() => archive.ArchiveAsync(match, Ct, store));

        Assert.Equal(1, rowsSeenInsideTheTransaction);
        await AssertNothingArchivedAsync(match, one.UserId!.Value);
        Assert.Equal(0, await archive.CountAsync("select count(*) from ratings where agent_id = $1", two.AgentId!.Value));
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WhoseLogDoesNotHoldItsMoves_IsRefused_AndWritesNothing()
    {
        var one = Participant.User(await UserAsync(Store));
        var two = Participant.Agent(await AgentAsync(Store));
        var match = Match(one, two, moveCount: 10, ratings: [Rating(one), Rating(two, delta: -10)]);
        await archive.Log.AppendAsync(match.Id, LogEntries(match)[..9], Ct); // the last move never logged

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ArchiveFinishedMatchAsync(match, Ct));

        Assert.Contains("its log holds 9", refused.Message, StringComparison.Ordinal);
        await AssertNothingArchivedAsync(match, one.UserId!.Value);
    }

    [Fact]
    public async Task ArchiveFinishedMatch_OutOfOrder_NeverMovesARatingBack()
    {
        var agent = Participant.Agent(await AgentAsync(Store));
        var second = Match(
            agent,
            Participant.Agent(await AgentAsync(Store)),
            finishedAt: Epoch.AddHours(2),
            ratings: [Rating(agent, games: 2, delta: 20)]
        );
        var first = Match(
            agent,
            Participant.Agent(await AgentAsync(Store)),
            finishedAt: Epoch.AddHours(1),
            ratings: [Rating(agent, games: 1, delta: 10)]
        );

        await archive.ArchiveAsync(second, Ct);
        await archive.ArchiveAsync(first, Ct);

        Assert.Equal(1520.0, await archive.ScalarAsync("select rating from ratings where agent_id = $1", agent.AgentId!.Value));
        Assert.Equal(2, await archive.CountAsync("select games from ratings where agent_id = $1", agent.AgentId!.Value));
        Assert.Equal(2, (await Store.GetRatingHistoryAsync(agent, 1, 10, Ct)).TotalCount);
    }

    [Fact]
    public async Task ArchiveFinishedMatch_RefusesMalformedInput_BeforeTouchingTheDatabase()
    {
        var one = Participant.Agent(await AgentAsync(Store));
        var two = Participant.Agent(await AgentAsync(Store));
        var stranger = Participant.User(Guid.NewGuid());
        var match = Match(one, two);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ArchiveFinishedMatchAsync(match with { MoveCount = -1 }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.ArchiveFinishedMatchAsync(match with { RatingUpdates = [Rating(stranger)] }, Ct)
        );
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.ArchiveFinishedMatchAsync(match with { RatingUpdates = [Rating(one), Rating(one)] }, Ct)
        );
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ArchiveFinishedMatchAsync(match with { Winner = 2 }, Ct));
        Assert.Equal(0, await archive.CountAsync("select count(*) from matches where id = $1", match.Id));
    }

    [Fact]
    public async Task MatchHistory_IsPagedNewestFirst()
    {
        var user = Participant.User(await UserAsync(Store));
        var opponent = Participant.Agent(await AgentAsync(Store));
        var matches = Enumerable
            .Range(0, 7)
            .Select(i =>
                i % 2 == 0 ? Match(user, opponent, finishedAt: Epoch.AddMinutes(i)) : Match(opponent, user, finishedAt: Epoch.AddMinutes(i))
            )
            .ToList();
        foreach (var match in matches.OrderBy(_ => Guid.NewGuid()))
        {
            await archive.ArchiveAsync(match, Ct);
        }
        var newestFirst = matches.OrderByDescending(m => m.FinishedAt).Select(m => m.Id).ToList();

        var pages = new List<Page<MatchSummary>>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await Store.GetMatchHistoryAsync(user, page, 3, Ct));
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal((7, 3), (p.TotalCount, p.TotalPages)));
        Assert.Equal(newestFirst, pages.SelectMany(p => p.Items).Select(m => m.Id));
        Assert.Empty((await Store.GetMatchHistoryAsync(user, 4, 3, Ct)).Items);
        Assert.Equal(7, (await Store.GetMatchHistoryAsync(opponent, 1, 10, Ct)).TotalCount);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetMatchHistoryAsync(user, 0, 3, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetMatchHistoryAsync(user, 1, ArchiveLimits.MaxPageSize + 1, Ct));
    }

    [Fact]
    public async Task Ladder_ListsRatingsBestFirst_WithNames_InPages()
    {
        // The ladder spans the whole archive, so this test has a database of its own.
        await using var own = new MigratedArchive();
        await own.InitializeAsync();
        var store = own.Store;
        var user = Participant.User(await UserAsync(store, "Ada"));
        var agents = new List<Participant>();
        for (var i = 0; i < 4; i++)
        {
            agents.Add(Participant.Agent(await AgentAsync(store, name: $"bot-{i}")));
        }
        // bot-0 +30, bot-1 +10, bot-2 -10 (deviation 250), bot-3 -10 (deviation 300), Ada +20.
        await own.ArchiveAsync(Match(agents[0], agents[3], ratings: [Rating(agents[0], delta: 30), Rating(agents[3], delta: -10)]), Ct);
        await own.ArchiveAsync(
            Match(agents[1], agents[2], ratings: [Rating(agents[1], delta: 10), Rating(agents[2], delta: -10, deviationAfter: 250)]),
            Ct
        );
        await own.ArchiveAsync(Match(user, agents[3], ratings: [Rating(user, delta: 20)]), Ct);

        var first = await store.GetLadderAsync(1, 3, cancellationToken: Ct);
        var second = await store.GetLadderAsync(2, 3, cancellationToken: Ct);
        var agentsOnly = await store.GetLadderAsync(1, 10, LadderScope.Agents, Ct);

        Assert.Equal(["bot-0", "Ada", "bot-1"], first.Items.Select(e => e.Name));
        Assert.Equal(["bot-2", "bot-3"], second.Items.Select(e => e.Name));
        Assert.Equal([1, 2, 3, 4, 5], first.Items.Concat(second.Items).Select(e => e.Position));
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(user, first.Items[1].Participant);
        Assert.Equal(new GlickoRating(1530, 300, 0.06), first.Items[0].Rating);
        Assert.Equal(["bot-0", "bot-1", "bot-2", "bot-3"], agentsOnly.Items.Select(e => e.Name));
        Assert.Equal(["Ada"], (await store.GetLadderAsync(1, 10, LadderScope.Users, Ct)).Items.Select(e => e.Name));
    }

    [Fact]
    public async Task Agents_AreUpsertedById()
    {
        var owner = await UserAsync(Store);
        var id = Guid.NewGuid();
        var agent = new AgentRecord(id, $"dqn-{id:N}"[..20], AgentKind.Dqn, "/checkpoints/a.pt", owner, false, Epoch);

        Assert.True(await Store.UpsertAgentAsync(agent, Ct));
        Assert.False(await Store.UpsertAgentAsync(agent with { Policy = "/checkpoints/b.pt", CreatedAt = Epoch.AddDays(1) }, Ct));

        Assert.Equal(agent with { Policy = "/checkpoints/b.pt" }, await Store.GetAgentAsync(id, Ct));
        Assert.Null(await Store.GetAgentAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Rooms_AreUpsertedById_AndTimesAreStoredInUtcToTheMicrosecond()
    {
        var owner = await UserAsync(Store);
        var created = new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        var room = new RoomSnapshot(Guid.NewGuid(), "Friday fleet", owner, true, null, RoomStatus.Open, created, null);

        Assert.True(await Store.UpsertRoomAsync(room, Ct));
        var closed = room with { Status = RoomStatus.Closed, ClosedAt = created.AddHours(1) };
        Assert.False(await Store.UpsertRoomAsync(closed, Ct));

        var read = await Store.GetRoomAsync(room.Id, Ct);
        Assert.NotNull(read);
        Assert.Equal((RoomStatus.Closed, TimeSpan.Zero), (read.Status, read.CreatedAt.Offset));
        Assert.Equal(created.UtcTicks - created.UtcTicks % TimeSpan.TicksPerMicrosecond, read.CreatedAt.UtcTicks);
        Assert.True(await Store.DeleteRoomAsync(room.Id, Ct));
        Assert.False(await Store.DeleteRoomAsync(room.Id, Ct));
    }

    [Fact]
    public async Task TrainingJobs_AreUpsertedById()
    {
        var owner = await UserAsync(Store);
        var job = new TrainingJobRecord(
            Guid.NewGuid(),
            owner,
            TrainingJobStatus.Queued,
            """{"episodes": 1000}""",
            null,
            null,
            null,
            Epoch,
            null,
            null
        );

        Assert.True(await Store.UpsertTrainingJobAsync(job, Ct));
        var agent = await AgentAsync(Store);
        var done = job with
        {
            Status = TrainingJobStatus.Completed,
            Progress = """{"episode": 1000}""",
            BestCheckpoint = "/ckpt/best.pt",
            AgentId = agent,
            StartedAt = Epoch.AddMinutes(1),
            FinishedAt = Epoch.AddHours(1),
        };
        Assert.False(await Store.UpsertTrainingJobAsync(done, Ct));

        var read = await Store.GetTrainingJobAsync(job.Id, Ct);
        Assert.NotNull(read);
        Assert.Equal(done with { Config = read.Config, Progress = read.Progress }, read);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(done.Progress!).RootElement, JsonDocument.Parse(read.Progress!).RootElement));
    }

    [Fact]
    public async Task DeleteMatch_RemovesItOnce()
    {
        var match = Match(Participant.Agent(await AgentAsync(Store)), Participant.Agent(await AgentAsync(Store)));
        await archive.ArchiveAsync(match, Ct);

        Assert.True(await Store.DeleteMatchAsync(match.Id, Ct));
        Assert.False(await Store.DeleteMatchAsync(match.Id, Ct));
        Assert.Null(await Store.GetMatchAsync(match.Id, Ct));
    }

    private async Task AssertNothingArchivedAsync(MatchArchive match, Guid userId)
    {
        Assert.Equal(0, await archive.CountAsync("select count(*) from matches where id = $1", match.Id));
        Assert.Equal(0, await archive.CountAsync("select count(*) from rating_history where match_id = $1", match.Id));
        Assert.Equal(0, await archive.CountAsync("select count(*) from ratings where user_id = $1", userId));
    }

    [Fact]
    public async Task ListAgents_BuiltInFirst_ThenByName_AndByOwner()
    {
        var owner = await UserAsync(Store);
        var stranger = await UserAsync(Store);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var builtIn = Guid.NewGuid();
        await Store.UpsertAgentAsync(
            new AgentRecord(builtIn, $"zz built-in {suffix}", AgentKind.Heuristic, "density", null, true, Epoch),
            Ct
        );
        var b = await AgentAsync(Store, owner, $"b {suffix}");
        var a = await AgentAsync(Store, owner, $"a {suffix}");
        await AgentAsync(Store, stranger, $"c {suffix}");

        var mine = await Store.ListAgentsAsync(1, 10, owner, Ct);
        var firstOfMine = await Store.ListAgentsAsync(1, 1, owner, Ct);
        var secondOfMine = await Store.ListAgentsAsync(2, 1, owner, Ct);
        var all = await Store.ListAgentsAsync(1, 100, cancellationToken: Ct);

        Assert.Equal([a, b], mine.Items.Select(x => x.Id));
        Assert.Equal(2, mine.TotalCount);
        Assert.Equal((a, 2), (firstOfMine.Items.Single().Id, firstOfMine.TotalCount));
        Assert.Equal(b, secondOfMine.Items.Single().Id);
        var firstOrdinary = all.Items.ToList().FindIndex(x => !x.IsBuiltin);
        Assert.True(all.Items.Take(firstOrdinary).All(x => x.IsBuiltin));
        Assert.True(all.Items.Skip(firstOrdinary).All(x => !x.IsBuiltin));
        Assert.Contains(all.Items.Take(firstOrdinary), x => x.Id == builtIn);
    }
}
