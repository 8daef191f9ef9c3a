using System.Text.Json;
using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using Microsoft.EntityFrameworkCore;
using static Battleship.Db.Tests.Archive.ArchiveData;

namespace Battleship.Db.Tests.Archive;

/// <summary>The store on a real PostgreSQL archive: identity mapping, archiving, reads and paging.</summary>
public sealed class ArchiveStoreTests(MigratedArchive archive) : ArchiveTests(archive)
{
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

        var results = await AtOnce.RunAsync(Enumerable.Range(0, 12), i => Store.ResolveUserAsync(Issuer, subject, $"racer {i}", Ct), Ct);

        Assert.Single(results.Select(r => r.UserId).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal(1, await Fixture.CountAsync("select count(*) from users where issuer = $1 and subject = $2", Issuer, subject));
    }

    [Fact]
    public async Task ResolveUser_CutsALongDisplayName_AndRefusesAnEmptySubject()
    {
        var resolved = await Store.ResolveUserAsync(Issuer, $"sub-{Guid.NewGuid():N}", new string('n', 100), Ct);

        Assert.Equal(Limits.StoredNameMaxLength, (await Store.GetUserAsync(resolved.UserId, Ct))!.DisplayName.Length);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ResolveUserAsync(Issuer, " ", "x", Ct));
    }

    [Fact]
    public async Task UpdateDisplayName_RenamesAnExistingUser_AndValidates()
    {
        var user = await UserAsync(Store);

        Assert.True(await Store.UpdateDisplayNameAsync(user, " Grace ", Ct));
        Assert.False(await Store.UpdateDisplayNameAsync(Guid.NewGuid(), "Nobody", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.UpdateDisplayNameAsync(user, new string('x', Limits.StoredNameMaxLength + 1), Ct)
        );
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpdateDisplayNameAsync(user, "   ", Ct));
        Assert.Equal("Grace", (await Store.GetUserAsync(user, Ct))!.DisplayName);
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WritesTheMatchEveryMoveAndTheRatings_AndReadsBackForReplay()
    {
        var (one, two) = await UserAndAgentAsync(Store);
        var match = Match(one, two, moveCount: 40); // player two resigns

        var archived = await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        Assert.True(archived.Archived);
        var replay = await Store.GetMatchAsync(match.Id, Ct);
        Assert.NotNull(replay);
        Assert.Equal(Moves(match), replay.Moves);
        Assert.Equal(
            (match.PlayerOne, match.PlayerTwo, match.Rules, match.Winner, match.EndReason, match.StartedAt, match.FinishedAt),
            (
                replay.Match.PlayerOne,
                replay.Match.PlayerTwo,
                replay.Match.Rules,
                replay.Match.Winner,
                replay.Match.EndReason,
                replay.Match.StartedAt,
                replay.Match.FinishedAt
            )
        );
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(Fleet).RootElement, JsonDocument.Parse(replay.Match.FleetOne).RootElement));
        Assert.Equal(40, await Fixture.CountAsync("select move_count from matches where id = $1", match.Id));
        var initial = Glicko2Rating.Initial;
        var lost = Glicko2.Default.Rate(initial, initial, 0);
        var history = await Store.GetRatingHistoryAsync(two, 1, 10, Ct);
        Assert.Equal([new RatingChange(match.Id, Archive(initial), Archive(lost), match.FinishedAt)], history.Items);
        Assert.Equal(new MatchRatingChange(two, Archive(initial), Archive(lost)), archived.RatingChanges[1]);
        Assert.Equal(
            new RatingRecord(two, Archive(lost), Games: 1, Wins: 0, Losses: 1, CurrentStreak: -1, match.FinishedAt),
            await Store.GetRatingAsync(two, Ct)
        );
    }

    [Fact]
    public async Task ArchiveFinishedMatch_Twice_WritesOnce()
    {
        var (one, two) = await TwoAgentsAsync(Store);
        var match = Match(one, two);

        Assert.True((await Fixture.ArchiveAsync(match, Glicko2.Default, Ct)).Archived);
        Assert.False((await Fixture.ArchiveAsync(match, Glicko2.Default, Ct)).Archived);

        await AssertArchivedOnceAsync(match, one);
    }

    [Fact]
    public async Task ArchiveFinishedMatch_CalledConcurrently_ArchivesOnce_AndEveryCallGetsTheSameAnswer()
    {
        var (one, two) = await TwoAgentsAsync(Store);
        var match = Match(one, two);
        await Fixture.Log.AppendAsync(match.Id, LogEntries(match), Ct);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(_ => Task.Run(() => Store.ArchiveFinishedMatchAsync(match, Glicko2.Default, Ct), Ct))
        );

        Assert.Single(results, r => r.Archived);
        Assert.All(results, r => Assert.Equal(results[0].RatingChanges, r.RatingChanges));
        await AssertArchivedOnceAsync(match, two);
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WhenTheRatingStepViolatesAConstraint_LeavesNoRows()
    {
        var (one, two) = await UserAndAgentAsync(Store);
        // The agent has a rating already, and one more game overflows its counter into a negative,
        // which ck_ratings_counts refuses: after the match, its moves and the user's new rating row
        // were written in the same transaction.
        await Fixture.ArchiveAsync(Match(two, ParticipantRef.Agent(await AgentAsync(Store)), finishedAt: Epoch), Glicko2.Default, Ct);
        await Fixture.ExecuteAsync("update ratings set games = $1 where agent_id = $2", int.MaxValue, two.Id);
        var match = Match(one, two, finishedAt: Epoch.AddHours(2));

        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            "ck_ratings_counts",
            () => Fixture.ArchiveAsync(match, Glicko2.Default, Ct)
        );

        await AssertNothingArchivedAsync(match, one.Id);
        Assert.Equal(
            1,
            await Fixture.CountAsync(
                "select count(*) from rating_history h join ratings r on r.id = h.rating_id where r.agent_id = $1",
                two.Id
            )
        );
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WhenTheTransactionFailsJustBeforeCommit_LeavesNoRows()
    {
        var (one, two) = await UserAndAgentAsync(Store);
        var match = Match(one, two);
        long rowsSeenInsideTheTransaction = -1;
        var store = Fixture.StoreWithHook(
            async (db, ct) =>
            {
                rowsSeenInsideTheTransaction =
                    await db.Matches.LongCountAsync(m => m.Id == match.Id, ct)
                    + await db.RatingHistory.LongCountAsync(h => h.MatchId == match.Id, ct);
                throw new InvalidOperationException("injected failure");
            }
        );

        await Assert.ThrowsAsync<InvalidOperationException>(() => Fixture.ArchiveAsync(match, Glicko2.Default, Ct, store));

        Assert.Equal(3, rowsSeenInsideTheTransaction); // the match row and both history rows
        await AssertNothingArchivedAsync(match, one.Id);
        Assert.Equal(0, await Fixture.CountAsync("select count(*) from ratings where agent_id = $1", two.Id));
    }

    [Fact]
    public async Task ArchiveFinishedMatch_WhoseLogDoesNotHoldItsMoves_IsRefused_AndWritesNothing()
    {
        var (one, two) = await UserAndAgentAsync(Store);
        var match = Match(one, two, moveCount: 10);
        await Fixture.Log.AppendAsync(match.Id, LogEntries(match)[..9], Ct); // the last move never logged

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.ArchiveFinishedMatchAsync(match, Glicko2.Default, Ct)
        );

        Assert.Contains("its log holds 9", refused.Message, StringComparison.Ordinal);
        await AssertNothingArchivedAsync(match, one.Id);
    }

    [Fact]
    public async Task ArchiveFinishedMatch_Abandoned_IsArchivedUnrated()
    {
        var (one, two) = await UserAndAgentAsync(Store);
        var match = Match(one, two) with { Winner = null, EndReason = EndReason.Abandoned };

        var archived = await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        Assert.Equal((true, 0), (archived.Archived, archived.RatingChanges.Count));
        Assert.NotNull(await Store.GetMatchAsync(match.Id, Ct));
        Assert.Null(await Store.GetRatingAsync(one, Ct));
        Assert.Null(await Store.GetRatingAsync(two, Ct));
    }

    [Fact]
    public async Task ArchiveFinishedMatch_RefusesMalformedInput_BeforeTouchingTheDatabase()
    {
        var (one, two) = await TwoAgentsAsync(Store);
        var match = Match(one, two);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Store.ArchiveFinishedMatchAsync(match with { MoveCount = -1 }, Glicko2.Default, Ct)
        );
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.ArchiveFinishedMatchAsync(match with { PlayerTwo = one }, Glicko2.Default, Ct)
        );
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Store.ArchiveFinishedMatchAsync(match with { Winner = 2 }, Glicko2.Default, Ct)
        );
        await Assert.ThrowsAsync<ArgumentNullException>(() => Fixture.ArchiveAsync(match, null!, Ct));
        Assert.Equal(0, await Fixture.CountAsync("select count(*) from matches where id = $1", match.Id));
    }

    [Fact]
    public async Task MatchHistory_IsPagedNewestFirst()
    {
        var (user, opponent) = await UserAndAgentAsync(Store);
        var matches = Enumerable
            .Range(0, 7)
            .Select(i =>
                i % 2 == 0 ? Match(user, opponent, finishedAt: Epoch.AddMinutes(i)) : Match(opponent, user, finishedAt: Epoch.AddMinutes(i))
            )
            .ToList();
        foreach (var match in matches.OrderBy(_ => Guid.NewGuid()))
        {
            await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);
        }
        var newestFirst = matches.OrderByDescending(m => m.FinishedAt).Select(m => m.Id).ToList();

        var pages = new List<Page<MatchHistoryItem>>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await Store.GetMatchHistoryAsync(user, page, 3, Ct));
        }

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal((7, 3), (p.TotalCount, p.TotalPages())));
        Assert.Equal(newestFirst, pages.SelectMany(p => p.Items).Select(m => m.Id));
        Assert.Empty((await Store.GetMatchHistoryAsync(user, 4, 3, Ct)).Items);
        Assert.Equal(7, (await Store.GetMatchHistoryAsync(opponent, 1, 10, Ct)).TotalCount);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetMatchHistoryAsync(user, 0, 3, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetMatchHistoryAsync(user, 1, Limits.MaxPageSize + 1, Ct));
    }

    [Fact]
    public async Task Ladder_ListsRatingsBestFirst_WithNames_AndScopes()
    {
        // The ladder spans the whole archive, so this test has a database of its own.
        await using var own = await MigratedArchive.NewAsync();
        var store = own.Store;
        var ada = ParticipantRef.User(await UserAsync(store, "Ada"));
        var bots = new List<ParticipantRef>();
        for (var i = 0; i < 3; i++)
        {
            bots.Add(ParticipantRef.Agent(await AgentAsync(store, name: $"bot-{i}")));
        }
        // Ada beats bot-0 and bot-1; bot-2 beats bot-1.
        await own.ArchiveAsync(Match(ada, bots[0], finishedAt: Epoch), Glicko2.Default, Ct);
        await own.ArchiveAsync(Match(ada, bots[1], finishedAt: Epoch.AddMinutes(1)), Glicko2.Default, Ct);
        await own.ArchiveAsync(Match(bots[2], bots[1], finishedAt: Epoch.AddMinutes(2)), Glicko2.Default, Ct);

        var all = await store.GetLadderAsync(1, 10, cancellationToken: Ct);
        var agentsOnly = await store.GetLadderAsync(1, 10, LadderScope.Agents, Ct);

        Assert.Equal(["Ada", "bot-2", "bot-0", "bot-1"], all.Items.Select(e => e.Name));
        Assert.Equal([1, 2, 3, 4], all.Items.Select(e => e.Position));
        Assert.Equal(4, all.TotalCount);
        var first = all.Items[0].Record;
        Assert.Equal(ada, first.Participant);
        Assert.Equal((2, 2, 0, 2), (first.Games, first.Wins, first.Losses, first.CurrentStreak));
        Assert.Equal((await store.GetRatingAsync(ada, Ct))!.Rating, first.Rating);
        Assert.Equal(["bot-2", "bot-0", "bot-1"], agentsOnly.Items.Select(e => e.Name));
        Assert.Equal(["Ada"], (await store.GetLadderAsync(1, 10, LadderScope.Users, Ct)).Items.Select(e => e.Name));
    }

    [Fact]
    public async Task Agents_AreUpsertedById()
    {
        var owner = await UserAsync(Store);
        var id = Guid.NewGuid();
        var agent = new AgentProfile(id, $"dqn-{id:N}"[..20], AgentKind.Dqn, "/checkpoints/a.pt", owner, false, Epoch);

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
        var match = Match(ParticipantRef.Agent(await AgentAsync(Store)), ParticipantRef.Agent(await AgentAsync(Store)));
        await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        Assert.True(await Store.DeleteMatchAsync(match.Id, Ct));
        Assert.False(await Store.DeleteMatchAsync(match.Id, Ct));
        Assert.Null(await Store.GetMatchAsync(match.Id, Ct));
    }

    private async Task AssertNothingArchivedAsync(MatchArchive match, Guid userId)
    {
        Assert.Equal(0, await Fixture.CountAsync("select count(*) from matches where id = $1", match.Id));
        Assert.Equal(0, await Fixture.CountAsync("select count(*) from rating_history where match_id = $1", match.Id));
        Assert.Equal(0, await Fixture.CountAsync("select count(*) from ratings where user_id = $1", userId));
    }

    /// <summary>Asserts what archiving <paramref name="match"/> once leaves: its row, its log, two rating changes and one game for <paramref name="agent"/>.</summary>
    private async Task AssertArchivedOnceAsync(MatchArchive match, ParticipantRef agent)
    {
        Assert.Equal(1, await Fixture.CountAsync("select count(*) from matches where id = $1", match.Id));
        Assert.Equal(match.MoveCount, await Fixture.CountAsync("select count(*) from match_log where match_id = $1", match.Id));
        Assert.Equal(2, await Fixture.CountAsync("select count(*) from rating_history where match_id = $1", match.Id));
        Assert.Equal(1, await Fixture.CountAsync("select games from ratings where agent_id = $1", agent.Id));
    }

    private static GlickoRating Archive(Glicko2Rating rating) => new(rating.Rating, rating.Deviation, rating.Volatility);

    [Fact]
    public async Task ListAgents_BuiltInFirst_ThenByName_AndByOwner()
    {
        var owner = await UserAsync(Store);
        var stranger = await UserAsync(Store);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var builtIn = Guid.NewGuid();
        await Store.UpsertAgentAsync(
            new AgentProfile(builtIn, $"zz built-in {suffix}", AgentKind.Heuristic, "density", null, true, Epoch),
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
        var firstOrdinary = all.Items.ToList().FindIndex(x => !x.IsBuiltIn);
        Assert.True(all.Items.Take(firstOrdinary).All(x => x.IsBuiltIn));
        Assert.True(all.Items.Skip(firstOrdinary).All(x => !x.IsBuiltIn));
        Assert.Contains(all.Items.Take(firstOrdinary), x => x.Id == builtIn);
    }
}
