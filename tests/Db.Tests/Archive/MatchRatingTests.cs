using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using static Battleship.Db.Tests.Archive.ArchiveData;

namespace Battleship.Db.Tests.Archive;

/// <summary>
/// Rating inside the archive transaction: Glicko-2 from the rows as they are, exactly once per
/// match, and no update lost and no deadlock when matches that share a participant end at once.
/// </summary>
public sealed class MatchRatingTests(MigratedArchive archive) : ArchiveTests(archive)
{
    [Fact]
    public async Task ArchiveFinishedMatch_RatesFromTheCurrentRows_AsGlicko2Does()
    {
        var (ann, bot) = await UserAndAgentAsync(Store);
        var initial = Glicko2Rating.Initial;
        var system = new Glicko2(tau: 0.3);

        var first = await Fixture.ArchiveAsync(Match(ann, bot, finishedAt: Epoch), system, Ct); // Ann wins
        var second = await Fixture.ArchiveAsync(Match(ann, bot, finishedAt: Epoch.AddMinutes(1), moveCount: 11), system, Ct); // Bot wins

        var annAfterOne = system.Rate(initial, initial, 1);
        var botAfterOne = system.Rate(initial, initial, 0);
        Assert.Equal([Change(ann, initial, annAfterOne), Change(bot, initial, botAfterOne)], first.RatingChanges);
        var annAfterTwo = system.Rate(annAfterOne, botAfterOne, 0);
        var botAfterTwo = system.Rate(botAfterOne, annAfterOne, 1);
        Assert.Equal([Change(ann, annAfterOne, annAfterTwo), Change(bot, botAfterOne, botAfterTwo)], second.RatingChanges);
        var annNow = await Store.GetRatingAsync(ann, Ct);
        Assert.Equal(new RatingRecord(ann, Archive(annAfterTwo), 2, 1, 1, -1, Epoch.AddMinutes(1)), annNow);
        Assert.Equal(new RatingRecord(bot, Archive(botAfterTwo), 2, 1, 1, 1, Epoch.AddMinutes(1)), await Store.GetRatingAsync(bot, Ct));
    }

    [Fact]
    public async Task ArchiveFinishedMatch_Repeated_ReturnsTheFirstAnswer_AndChangesNothing()
    {
        var (ann, bot) = await UserAndAgentAsync(Store);
        var match = Match(bot, ann, finishedAt: Epoch); // the bot, player one, wins
        var first = await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);
        var annBefore = await Store.GetRatingAsync(ann, Ct);
        var botBefore = await Store.GetRatingAsync(bot, Ct);

        // A retry, even one that claims another result, rates nothing and answers as the first call did.
        var repeat = await Fixture.ArchiveAsync(match with { Winner = 1 }, Glicko2.Default, Ct);

        Assert.True(first.Archived);
        Assert.False(repeat.Archived);
        Assert.Equal(first.RatingChanges, repeat.RatingChanges);
        Assert.Equal([bot, ann], repeat.RatingChanges.Select(c => c.Participant));
        Assert.Equal(annBefore, await Store.GetRatingAsync(ann, Ct));
        Assert.Equal(botBefore, await Store.GetRatingAsync(bot, Ct));
        Assert.Equal(2, await Fixture.CountAsync("select count(*) from rating_history where match_id = $1", match.Id));
        Assert.Equal(0, await Fixture.CountAsync("select winner from matches where id = $1", match.Id));

        // Later matches move the ratings on; a late retry of the first still gets the first answer.
        await Fixture.ArchiveAsync(Match(ann, bot, finishedAt: Epoch.AddMinutes(5)), Glicko2.Default, Ct);
        var late = await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        Assert.False(late.Archived);
        Assert.Equal(first.RatingChanges, late.RatingChanges);
        Assert.Equal(2, (await Store.GetRatingAsync(ann, Ct))!.Games);
    }

    [Fact]
    public async Task ConcurrentMatchEnds_SharingAParticipant_AreAllCounted_OneAfterTheOther()
    {
        const int Matches = 8;
        var shared = ParticipantRef.Agent(await AgentAsync(Store));
        // The shared agent has a rating already, so every match below contends for one existing row.
        await Fixture.ArchiveAsync(Match(shared, ParticipantRef.Agent(await AgentAsync(Store)), finishedAt: Epoch), Glicko2.Default, Ct);
        var matches = new List<MatchArchive>();
        for (var i = 0; i < Matches; i++)
        {
            var opponent = ParticipantRef.User(await UserAsync(Store));
            matches.Add(
                i % 2 == 0 ? Match(shared, opponent, finishedAt: Epoch.AddHours(1)) : Match(opponent, shared, finishedAt: Epoch.AddHours(1))
            );
        }
        var store = Fixture.StoreWithoutRetries(); // a deadlock would surface here as an exception

        var results = await AtOnce.RunAsync(matches, m => Fixture.ArchiveAsync(m, Glicko2.Default, Ct, store), Ct);

        Assert.All(results, r => Assert.True(r.Archived));
        var rating = await Store.GetRatingAsync(shared, Ct);
        Assert.NotNull(rating);
        Assert.Equal(1 + Matches, rating.Games);
        Assert.Equal(rating.Games, rating.Wins + rating.Losses);
        var history = (await Store.GetRatingHistoryAsync(shared, 1, 50, Ct)).Items.Reverse().ToList(); // oldest first
        Assert.Equal(1 + Matches, history.Count);
        // Each match started from the rating the previous one left: no update was lost.
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].After, history[i].Before);
        }
        Assert.Equal(history[^1].After, rating.Rating);
        Assert.Equal(matches.Select(m => m.Id).Order(), history.Skip(1).Select(h => h.MatchId!.Value).Order());
    }

    [Fact]
    public async Task ConcurrentMatchEnds_BetweenTheSamePairInBothRoles_NeverDeadlock()
    {
        const int Rounds = 10;
        var (ann, bob) = await TwoAgentsAsync(Store);
        await Fixture.ArchiveAsync(Match(ann, bob, finishedAt: Epoch), Glicko2.Default, Ct);
        var store = Fixture.StoreWithoutRetries();

        for (var round = 0; round < Rounds; round++)
        {
            // Ann beats Bob and Bob beats Ann at the same moment: each locks the winner's row first
            // if locks were taken by role, so only a fixed lock order keeps the two from a deadlock.
            MatchArchive[] pair = [Match(ann, bob, finishedAt: Epoch.AddHours(1)), Match(bob, ann, finishedAt: Epoch.AddHours(1))];
            await AtOnce.RunAsync(pair, m => Fixture.ArchiveAsync(m, Glicko2.Default, Ct, store), Ct);
        }

        Assert.Equal(1 + 2 * Rounds, (await Store.GetRatingAsync(ann, Ct))!.Games);
        Assert.Equal((Rounds, 1 + Rounds), ((await Store.GetRatingAsync(bob, Ct))!.Wins, (await Store.GetRatingAsync(bob, Ct))!.Losses));
    }

    [Fact]
    public async Task ConcurrentFirstMatches_OfANewParticipant_CreateOneRating()
    {
        const int Matches = 4;
        var newcomer = ParticipantRef.User(await UserAsync(Store));
        var matches = new List<MatchArchive>();
        for (var i = 0; i < Matches; i++)
        {
            matches.Add(Match(newcomer, ParticipantRef.Agent(await AgentAsync(Store)), finishedAt: Epoch));
        }

        var results = await AtOnce.RunAsync(matches, m => Fixture.ArchiveAsync(m, Glicko2.Default, Ct), Ct);

        Assert.All(results, r => Assert.True(r.Archived));
        Assert.Equal(1, await Fixture.CountAsync("select count(*) from ratings where user_id = $1", newcomer.Id));
        Assert.Equal(
            (Matches, Matches),
            ((await Store.GetRatingAsync(newcomer, Ct))!.Games, (await Store.GetRatingAsync(newcomer, Ct))!.Wins)
        );
        var history = (await Store.GetRatingHistoryAsync(newcomer, 1, 10, Ct)).Items.Reverse().ToList();
        Assert.Equal(new GlickoRating(1500, 350, 0.06), history[0].Before);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].After, history[i].Before);
        }
    }

    [Fact]
    public async Task GetRating_BeforeTheFirstRatedMatch_IsNull()
    {
        Assert.Null(await Store.GetRatingAsync(ParticipantRef.User(await UserAsync(Store)), Ct));
        Assert.Null(await Store.GetRatingAsync(ParticipantRef.Agent(Guid.NewGuid()), Ct));
    }

    private static MatchRatingChange Change(ParticipantRef who, Glicko2Rating before, Glicko2Rating after) =>
        new(who, Archive(before), Archive(after));

    private static GlickoRating Archive(Glicko2Rating rating) => new(rating.Rating, rating.Deviation, rating.Volatility);
}
