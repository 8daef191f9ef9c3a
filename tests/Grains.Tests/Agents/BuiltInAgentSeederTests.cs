using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Battleship.Grains.Tests.Agents;

/// <summary>
/// A silo's start-up defines the built-in agents, again after a failure of the settling cluster,
/// and fails only when that failure lasts or the grain refuses.
/// </summary>
public sealed class BuiltInAgentSeederTests
{
    private readonly FakeTimeProvider _time = new();

    private BuiltInAgentSeeder Seeder() => new(null!, NullLogger<BuiltInAgentSeeder>.Instance, _time);

    [Fact]
    public async Task RejectedByARestartingCluster_DefinesAgainAndSucceeds()
    {
        var defined = new ConcurrentBag<Guid>();
        var attempts = 0;

        await Run(
            Seeder()
                .DefineAllAsync(
                    (id, _) =>
                    {
                        if (id == BuiltInAgents.All[0].Id && Interlocked.Increment(ref attempts) <= 2)
                        {
                            throw Rejection(); // twice, then it is answered
                        }
                        defined.Add(id);
                        return Task.CompletedTask;
                    },
                    TestContext.Current.CancellationToken
                )
        );

        Assert.Equal(3, attempts);
        Assert.Equal(BuiltInAgents.All.Select(a => a.Id).Order(), defined.Distinct().Order());
    }

    [Theory]
    [InlineData(false, BuiltInAgentSeeder.MaxAttempts)] // the cluster keeps timing out: every attempt, then the start-up fails
    [InlineData(true, 1)] // the grain refuses: at once
    public async Task FailureThatLasts_StopsTheStartUp(bool refusedByTheGrain, int attemptsBeforeFailing)
    {
        Exception failure = refusedByTheGrain ? new BattleshipException(ErrorCode.Validation, "no") : new TimeoutException("no answer");
        var attempts = 0;

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() =>
            Run(
                Seeder()
                    .DefineAllAsync(
                        (id, _) => id == BuiltInAgents.All[0].Id ? Fail(ref attempts, failure) : Task.CompletedTask,
                        TestContext.Current.CancellationToken
                    )
            )
        );

        Assert.Same(failure, thrown);
        Assert.Equal(attemptsBeforeFailing, attempts);
    }

    private static Task Fail(ref int attempts, Exception exception)
    {
        Interlocked.Increment(ref attempts);
        return Task.FromException(exception);
    }

    /// <summary>Awaits <paramref name="seeding"/>, moving the fake clock on while it waits to try again.</summary>
    private async Task Run(Task seeding)
    {
        while (!seeding.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }
        await seeding;
    }

    /// <summary>What Orleans throws for a call its directory sent to a dead silo (its constructors are internal).</summary>
    private static OrleansMessageRejectionException Rejection() =>
        (OrleansMessageRejectionException)
            Activator.CreateInstance(
                typeof(OrleansMessageRejectionException),
                BindingFlags.Instance | BindingFlags.NonPublic,
                null,
                ["The target silo is no longer active"],
                null
            )!;
}
