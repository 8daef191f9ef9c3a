using Battleship.Grains.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Battleship.Grains.Tests;

public class GrainOptionsTests
{
    [Fact]
    public void AddBattleshipGrains_BindsMatchLadderAndTrainingOptions()
    {
        using var services = Services(
            ("Battleship:Matches:TurnTimeout", "00:02:00"),
            ("Battleship:Ladder:ScheduledGames", "true"),
            ("Battleship:Ladder:ScheduledGamePeriod", "00:01:00"),
            ("Battleship:Training:WorkersPerJob", "3")
        );

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(TimeSpan.FromMinutes(2), services.GetRequiredService<IOptions<MatchOptions>>().Value.TurnTimeout);
        Assert.True(services.GetRequiredService<IOptions<LadderOptions>>().Value.ScheduledGames);
        Assert.Equal(TimeSpan.FromMinutes(1), services.GetRequiredService<IOptions<LadderOptions>>().Value.ScheduledGamePeriod);
        Assert.Equal(3, services.GetRequiredService<IOptions<TrainingOptions>>().Value.WorkersPerJob);
    }

    [Theory]
    [InlineData("Battleship:Matches:TurnTimeout", "00:00:00", "TurnTimeout")]
    [InlineData("Battleship:Matches:ChatHistory", "-1", "ChatHistory")]
    [InlineData("Battleship:Ladder:Tau", "5", "Tau")]
    [InlineData("Battleship:Ladder:ScheduledGamePeriod", "00:00:01", "ScheduledGamePeriod")]
    [InlineData("Battleship:Training:WorkersPerJob", "0", "WorkersPerJob")]
    public void AddBattleshipGrains_AnOptionOutOfRange_FailsTheStart(string key, string value, string member)
    {
        using var services = Services((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddBattleshipGrains().BuildServiceProvider();
    }
}
