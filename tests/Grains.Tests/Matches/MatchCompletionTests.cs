using Battleship.Db.Archive;
using Battleship.Grains.Matches;
using Battleship.Grains.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;

namespace Battleship.Grains.Tests.Matches;

/// <summary>A cluster like <see cref="ClusterFixture"/>'s whose grains archive through a <see cref="FailingArchive"/>.</summary>
public sealed class FailingArchiveClusterFixture : ClusterFixture
{
    /// <summary>The archive the silo's grains use, with its fault switch.</summary>
    internal FailingArchive Faults => SiloServices.GetRequiredService<FailingArchive>();

    /// <inheritdoc />
    protected override void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<FailingArchiveSilo>();

    private sealed class FailingArchiveSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<SqlGameArchive>();
            siloBuilder.Services.AddSingleton<FailingArchive>();
            siloBuilder.Services.Replace(ServiceDescriptor.Singleton<IGameArchive>(s => s.GetRequiredService<FailingArchive>()));
        }
    }
}

public class MatchCompletionTests(FailingArchiveClusterFixture fixture) : IClassFixture<FailingArchiveClusterFixture>
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    // Timers here run on the fake game clock and move only when the test advances it. The match's
    // reminder runs on real time and first fires a minute after the match starts, long after this test.
    [Fact]
    public async Task Completion_Failing_IsRetriedAfterTheBackoff_AndTheEndIsAnnouncedOnceArchived()
    {
        var ct = TestContext.Current.CancellationToken;
        var archive = fixture.Faults;
        var delays = MatchCompletion.RetryDelays;
        var driver = await MatchDriver.InProgressAsync(fixture, seed: 21);
        await using var events = await MatchEvents.SubscribeAsync(fixture, driver.Match);
        archive.Fail(driver.Id);

        // The final shot is answered after the first attempt to complete the match, which failed.
        var results = await driver.PlayToTheEndAsync();

        Assert.Equal(MatchStatus.Finished, results[^1].Status);
        Assert.Equal(1, await archive.NextAttemptAsync(driver.Id));
        await events.SettleAsync(driver.One);
        Assert.DoesNotContain(events.Received, e => e is MatchEndedEvent);
        Assert.Null(await fixture.Archive.GetMatchAsync(driver.Id, ct));

        // The first retry comes after 1 s, not before, and fails as well.
        fixture.Time.Advance(delays[0] - Tick);
        Assert.Equal(1, archive.Attempts(driver.Id));
        fixture.Time.Advance(Tick);
        Assert.Equal(2, await archive.NextAttemptAsync(driver.Id));
        await events.SettleAsync(driver.One); // queued behind that attempt, which has armed the next retry when this answers
        Assert.DoesNotContain(events.Received, e => e is MatchEndedEvent);
        Assert.Null(await fixture.Archive.GetMatchAsync(driver.Id, ct));

        // The archive is back: the second retry, 2 s later, completes the match, then announces its end.
        archive.Heal(driver.Id);
        fixture.Time.Advance(delays[1] - Tick);
        Assert.Equal(2, archive.Attempts(driver.Id));
        fixture.Time.Advance(Tick);
        var ended = await events.NextAsync<MatchEndedEvent>();

        Assert.Equal(3, archive.Attempts(driver.Id));
        Assert.Equal((0, EndReason.Win), (ended.Winner, ended.Reason));
        var archived = await fixture.Archive.GetMatchAsync(driver.Id, ct);
        Assert.Equal(results.Select(r => (int?)r.Shot.Cell), archived!.Moves.Select(m => m.Cell));

        // Completing again, as a late retry or the reminder would, neither rates, archives nor announces anything.
        await driver.Match.CompleteAsync();
        await events.SettleAsync(driver.One);

        Assert.Single(events.Received.OfType<MatchEndedEvent>());
        Assert.Equal(3, archive.Attempts(driver.Id));
        var rating = await fixture.Archive.GetRatingAsync(ParticipantRef.User(driver.One.Id), ct);
        Assert.Equal((1, 1), (rating!.Games, rating.Wins));
        var history = await fixture.Archive.GetRatingHistoryAsync(ParticipantRef.User(driver.One.Id), 1, 10, ct);
        Assert.Equal(driver.Id, Assert.Single(history.Items).MatchId);
        var profile = await fixture.Grains.GetGrain<IUserGrain>(driver.One.Id).GetProfileAsync();
        Assert.Empty(profile.ActiveMatches);
    }
}
