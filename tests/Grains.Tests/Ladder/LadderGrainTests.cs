using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Ratings;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Grains.Tests.Ladder;

[Collection(ClusterCollection.Name)]
public class LadderGrainTests(ClusterFixture fixture)
{
    private static long _nextLadder = 1_000;

    private static readonly Participant Ann = Participant.User(Id(1), "Ann");
    private static readonly Participant Bob = Participant.User(Id(2), "Bob");
    private static readonly Participant Cid = Participant.Agent(Id(3), "Cid");
    private static readonly Participant Dee = Participant.Agent(Id(4), "Dee");

    [Fact]
    public async Task RecordResult_TwoNewcomers_MovesBothAsGlicko2Says()
    {
        var ladder = NewLadder();
        var expectedWinner = Glicko2.Default.Rate(Glicko2Rating.Initial, Glicko2Rating.Initial, 1);
        var expectedLoser = Glicko2.Default.Rate(Glicko2Rating.Initial, Glicko2Rating.Initial, 0);

        var changes = await ladder.RecordResultAsync(Result(Ann, Bob));

        Assert.Equal(2, changes.Count);
        var (winner, loser) = (changes[0], changes[1]);
        Assert.Equal(Ann, winner.Before.Participant);
        Assert.Equal(Bob, loser.Before.Participant);
        Assert.Equal((1500.0, 350.0, 0.06), (winner.Before.Rating, winner.Before.Deviation, winner.Before.Volatility));
        Assert.Equal((1500.0, 350.0, 0.06), (loser.Before.Rating, loser.Before.Deviation, loser.Before.Volatility));
        Assert.Equal(expectedWinner, Glicko(winner.After));
        Assert.Equal(expectedLoser, Glicko(loser.After));
        Assert.Equal(Glicko(winner.After), Glicko(await ladder.GetRatingAsync(Ann)));
        Assert.Equal(Glicko(loser.After), Glicko(await ladder.GetRatingAsync(Bob)));
    }

    [Fact]
    public async Task RecordResult_RatedParticipants_RatesBothFromTheirPreMatchRatings()
    {
        var ladder = NewLadder();
        await ladder.RecordResultAsync(Result(Ann, Bob));
        await ladder.RecordResultAsync(Result(Cid, Dee));
        await ladder.RecordResultAsync(Result(Ann, Cid));
        var bob = Glicko(await ladder.GetRatingAsync(Bob));
        var ann = Glicko(await ladder.GetRatingAsync(Ann));

        var changes = await ladder.RecordResultAsync(Result(Bob, Ann));

        Assert.Equal(bob, Glicko(changes[0].Before));
        Assert.Equal(ann, Glicko(changes[1].Before));
        Assert.Equal(Glicko2.Default.Rate(bob, ann, 1), Glicko(changes[0].After));
        Assert.Equal(Glicko2.Default.Rate(ann, bob, 0), Glicko(changes[1].After));
        Assert.True(changes[0].After.Rating > bob.Rating);
        Assert.True(changes[1].After.Rating < ann.Rating);
    }

    [Fact]
    public async Task RecordResult_SeveralMatches_CountsGamesWinsLossesAndStreaks()
    {
        var ladder = NewLadder();

        await ladder.RecordResultAsync(Result(Ann, Bob));
        await ladder.RecordResultAsync(Result(Ann, Bob));
        var afterTwo = await ladder.GetRatingAsync(Bob);
        await ladder.RecordResultAsync(Result(Bob, Ann));

        var ann = await ladder.GetRatingAsync(Ann);
        var bob = await ladder.GetRatingAsync(Bob);
        Assert.Equal(-2, afterTwo.CurrentStreak);
        Assert.Equal((3, 2, 1, -1), (ann.Games, ann.Wins, ann.Losses, ann.CurrentStreak));
        Assert.Equal((3, 1, 2, 1), (bob.Games, bob.Wins, bob.Losses, bob.CurrentStreak));
    }

    [Fact]
    public async Task RecordResult_SameMatchTwice_RatesOnceAndAnswersTheSame()
    {
        var ladder = NewLadder();
        var result = Result(Ann, Bob);
        var first = await ladder.RecordResultAsync(result);

        var second = await ladder.RecordResultAsync(result);

        Assert.Equal(first, second);
        var ann = await ladder.GetRatingAsync(Ann);
        Assert.Equal(1, ann.Games);
        Assert.Equal(Glicko(first[0].After), Glicko(ann));
    }

    [Fact]
    public async Task RecordResult_RepeatOlderThanTheKeptAnswers_ChangesNothing()
    {
        var ladder = NewLadder();
        var first = Result(Ann, Bob);
        await ladder.RecordResultAsync(first);
        for (var i = 0; i < LadderGrain.RecentResultCapacity; i++)
        {
            await ladder.RecordResultAsync(Result(Cid, Dee));
        }
        var ann = await ladder.GetRatingAsync(Ann);

        var repeat = await ladder.RecordResultAsync(first);

        Assert.Equal(ann, repeat[0].Before);
        Assert.Equal(ann, repeat[0].After);
        Assert.Equal(repeat[1].Before, repeat[1].After);
        Assert.Equal(1, (await ladder.GetRatingAsync(Ann)).Games);
    }

    [Fact]
    public async Task RecordResult_SameMatchAfterReactivation_IsStillRatedOnce()
    {
        var ladder = NewLadder();
        var result = Result(Ann, Bob);
        var first = await ladder.RecordResultAsync(result);
        await fixture.Cluster.DeactivateAsync(ladder);

        var second = await ladder.RecordResultAsync(result);

        Assert.Equal(first, second);
        Assert.Equal(1, (await ladder.GetRatingAsync(Bob)).Games);
    }

    [Fact]
    public async Task RecordResult_Acknowledged_IsPersisted()
    {
        var ladder = NewLadder();
        var changes = await ladder.RecordResultAsync(Result(Cid, Ann));

        await fixture.Cluster.DeactivateAsync(ladder);

        Assert.Equal(changes[0].After, await ladder.GetRatingAsync(Cid));
        Assert.Equal(changes[1].After, await ladder.GetRatingAsync(Ann));
        Assert.Equal(2, (await ladder.GetRankingAsync(1, 10)).TotalCount);
    }

    [Fact]
    public async Task RecordResult_UpdatedAt_IsTheGameClocksTime()
    {
        var ladder = NewLadder();
        fixture.Time.Advance(TimeSpan.FromMinutes(7));
        var now = fixture.Time.GetUtcNow();

        var changes = await ladder.RecordResultAsync(Result(Ann, Dee));

        Assert.Null(changes[0].Before.UpdatedAt);
        Assert.Equal(now, changes[0].After.UpdatedAt);
        Assert.Equal(now, changes[1].After.UpdatedAt);
        Assert.Equal(now, (await ladder.GetRatingAsync(Dee)).UpdatedAt);
    }

    [Fact]
    public async Task RecordResult_NewDisplayName_IsShownFromThenOn()
    {
        var ladder = NewLadder();
        await ladder.RecordResultAsync(Result(Ann, Bob));

        await ladder.RecordResultAsync(Result(Participant.User(Ann.Id, "Annie"), Bob));

        Assert.Equal("Annie", (await ladder.GetRatingAsync(Ann)).Participant.DisplayName);
        Assert.Equal("Annie", (await ladder.GetRankingAsync(1, 1)).Items[0].Rating.Participant.DisplayName);
    }

    [Fact]
    public async Task RecordResult_UserAndAgentWithTheSameId_AreRatedApart()
    {
        var ladder = NewLadder();
        var agentAnn = Participant.Agent(Ann.Id, "Ann's twin");

        await ladder.RecordResultAsync(Result(Ann, agentAnn));

        Assert.Equal(1, (await ladder.GetRatingAsync(Ann)).Wins);
        Assert.Equal(1, (await ladder.GetRatingAsync(agentAnn)).Losses);
    }

    [Fact]
    public async Task RecordResult_AgainstItself_IsRejected()
    {
        var ladder = NewLadder();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            ladder.RecordResultAsync(Result(Ann, Participant.User(Ann.Id, "Other")))
        );

        Assert.Equal(ErrorCode.Validation, error.Code);
        Assert.Equal(0, (await ladder.GetRankingAsync(1, 10)).TotalCount);
    }

    [Fact]
    public async Task RecordResult_WithoutMatchId_IsRejected()
    {
        var ladder = NewLadder();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            ladder.RecordResultAsync(new MatchResult(Guid.Empty, Ann, Bob, ClusterFixture.Start))
        );

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task GetRating_Unrated_IsTheInitialRating()
    {
        var ladder = NewLadder();

        var rating = await ladder.GetRatingAsync(Cid);

        Assert.Equal(new RatingView(Cid, 1500, 350, 0.06, 0, 0, 0, 0, null), rating);
    }

    [Fact]
    public async Task GetRanking_SeveralResults_ListsBestFirstWithRanksAndPages()
    {
        var ladder = NewLadder();
        await ladder.RecordResultAsync(Result(Ann, Bob));
        await ladder.RecordResultAsync(Result(Ann, Cid));
        await ladder.RecordResultAsync(Result(Cid, Dee));
        await ladder.RecordResultAsync(Result(Ann, Dee));
        var ratings = new List<RatingView>();
        foreach (var p in new[] { Ann, Bob, Cid, Dee })
        {
            ratings.Add(await ladder.GetRatingAsync(p));
        }
        var expected = ratings.OrderByDescending(r => r.Rating).Select(r => r.Participant.Id).ToList();

        var first = await ladder.GetRankingAsync(1, 3);
        var second = await ladder.GetRankingAsync(2, 3);

        Assert.Equal(Ann.Id, expected[0]);
        Assert.Equal((1, 3, 4), (first.PageNumber, first.PageSize, first.TotalCount));
        Assert.Equal([1, 2, 3], first.Items.Select(e => e.Rank));
        Assert.Equal(expected.Take(3), first.Items.Select(e => e.Rating.Participant.Id));
        Assert.Equal((2, 3, 4), (second.PageNumber, second.PageSize, second.TotalCount));
        Assert.Equal([4], second.Items.Select(e => e.Rank));
        Assert.Equal(expected[3], second.Items[0].Rating.Participant.Id);
        Assert.Equal(await ladder.GetRatingAsync(Bob), first.Items.Concat(second.Items).Single(e => e.Rating.Participant == Bob).Rating);
    }

    [Fact]
    public async Task GetRanking_EqualRatings_AreOrderedTheSameWayEveryTime()
    {
        var ladder = NewLadder();
        // Two winners and two losers with identical records: ties on rating, deviation and games.
        await ladder.RecordResultAsync(Result(Dee, Cid));
        await ladder.RecordResultAsync(Result(Bob, Ann));
        await ladder.RecordResultAsync(Result(Participant.User(Id(9), "Eve"), Participant.Agent(Id(8), "Fay")));

        var ranking = await ladder.GetRankingAsync(1, 10);
        await fixture.Cluster.DeactivateAsync(ladder);
        var again = await ladder.GetRankingAsync(1, 10);

        // Winners first; among equals users before agents, then by id.
        Assert.Equal([Id(2), Id(9), Id(4), Id(1), Id(3), Id(8)], ranking.Items.Select(e => e.Rating.Participant.Id));
        Assert.Equal(ranking.Items, again.Items);
    }

    [Fact]
    public async Task GetRanking_PageBeyondTheEnd_IsEmptyWithTheTotal()
    {
        var ladder = NewLadder();
        await ladder.RecordResultAsync(Result(Ann, Bob));

        var page = await ladder.GetRankingAsync(int.MaxValue, Page<LadderEntry>.MaxPageSize);

        Assert.Empty(page.Items);
        Assert.Equal(2, page.TotalCount);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-1, 10)]
    [InlineData(1, 0)]
    [InlineData(1, -5)]
    [InlineData(1, 101)]
    public async Task GetRanking_BadPage_IsRejected(int pageNumber, int pageSize)
    {
        var ladder = NewLadder();

        var error = await Assert.ThrowsAsync<BattleshipException>(() => ladder.GetRankingAsync(pageNumber, pageSize));

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task ScheduledGames_ByDefault_AreOffAndRegisterNoReminder()
    {
        var ladder = fixture.Grains.GetGrain<ILadderGrain>(ILadderGrain.Key);
        await ladder.GetRatingAsync(Ann); // activates the singleton

        var reminders = await fixture
            .SiloServices.GetRequiredService<IReminderTable>()
            .ReadRows(ladder.GetGrainId(), TestContext.Current.CancellationToken);

        Assert.False(new LadderOptions().ScheduledGames);
        Assert.Empty(reminders.Reminders);
    }

    [Fact]
    public void PickPairing_ManyDraws_AlwaysTwoDistinctCandidatesAndEveryOneIsDrawn()
    {
        var candidates = BuiltInAgents
            .All.Select(a => new AgentProfile(a.Id, a.Definition.Name, a.Definition.Kind, a.Definition.Policy, null, true, default))
            .ToList();
        var rng = new Rng(11);
        var drawn = new HashSet<Guid>();

        for (var i = 0; i < 200; i++)
        {
            var (first, second) = LadderGrain.PickPairing(candidates, ref rng)!.Value;
            Assert.NotEqual(first.Id, second.Id);
            drawn.Add(first.Id);
            drawn.Add(second.Id);
        }

        Assert.Equal(candidates.Count, drawn.Count);
        Assert.Null(LadderGrain.PickPairing(candidates.Take(1).ToList(), ref rng));
    }

    private ILadderGrain NewLadder() => fixture.Grains.GetGrain<ILadderGrain>(Interlocked.Increment(ref _nextLadder));

    private static MatchResult Result(Participant winner, Participant loser) => new(Guid.NewGuid(), winner, loser, ClusterFixture.Start);

    private static Glicko2Rating Glicko(RatingView view) => new(view.Rating, view.Deviation, view.Volatility);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");
}
