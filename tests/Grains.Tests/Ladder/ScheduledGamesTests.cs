using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Battleship.Grains.Tests.Ladder;

/// <summary>A cluster like <see cref="ClusterFixture"/>'s with scheduled ladder games switched on.</summary>
public sealed class ScheduledGamesClusterFixture : ClusterFixture
{
    /// <inheritdoc />
    protected override void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<ScheduledGamesOn>();

    private sealed class ScheduledGamesOn : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.Services.Configure<LadderOptions>(options =>
            {
                options.ScheduledGames = true;
                options.ScheduledGamePeriod = TimeSpan.FromMinutes(3);
            });
    }
}

public class ScheduledGamesTests(ScheduledGamesClusterFixture fixture) : IClassFixture<ScheduledGamesClusterFixture>
{
    [Fact]
    public async Task ScheduledGames_On_TheLadderRegistersItsReminderAtStartUp()
    {
        var ladder = fixture.Grains.GetGrain<ILadderGrain>(ILadderGrain.Key);

        // No call to the ladder first: the silo's start-up woke it.
        var reminders = await fixture
            .SiloServices.GetRequiredService<IReminderTable>()
            .ReadRows(ladder.GetGrainId(), TestContext.Current.CancellationToken);

        var reminder = Assert.Single(reminders.Reminders);
        Assert.Equal(LadderGrain.ScheduledGameReminder, reminder.ReminderName);
        Assert.Equal(TimeSpan.FromMinutes(3), reminder.Period);
    }

    [Fact]
    public async Task ScheduledGames_On_OnlyTheSingletonLadderRegistersAReminder()
    {
        var other = fixture.Grains.GetGrain<ILadderGrain>(ILadderGrain.Key + 1);
        await other.WakeAsync();

        var reminders = await fixture
            .SiloServices.GetRequiredService<IReminderTable>()
            .ReadRows(other.GetGrainId(), TestContext.Current.CancellationToken);

        Assert.Empty(reminders.Reminders);
    }
}
