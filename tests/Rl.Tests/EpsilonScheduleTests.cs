using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class EpsilonScheduleTests
{
    [Theory]
    // Linear from 1 to 0 over 1,000 steps, then 0.
    [InlineData(EpsilonSchedule.Linear, 0.0, 0, 1.0)]
    [InlineData(EpsilonSchedule.Linear, 0.0, 250, 0.75)]
    [InlineData(EpsilonSchedule.Linear, 0.0, 500, 0.5)]
    [InlineData(EpsilonSchedule.Linear, 0.0, 1_000, 0.0)]
    [InlineData(EpsilonSchedule.Linear, 0.0, 5_000, 0.0)]
    // Geometric from 1 to 0.01 over 1,000 steps, then 0.01.
    [InlineData(EpsilonSchedule.Exponential, 0.01, 0, 1.0)]
    [InlineData(EpsilonSchedule.Exponential, 0.01, 500, 0.1)]
    [InlineData(EpsilonSchedule.Exponential, 0.01, 1_000, 0.01)]
    [InlineData(EpsilonSchedule.Exponential, 0.01, 2_000, 0.01)]
    public void At_GoesFromStartToEndInItsKind_ThenStays(string kind, double end, long step, double expected)
    {
        var schedule = new EpsilonSchedule(1.0, end, 1_000, kind);

        Assert.Equal(expected, schedule.At(step), 12);
    }

    [Fact]
    public void NoDecaySteps_IsAlwaysTheEnd()
    {
        var schedule = new EpsilonSchedule(1.0, 0.05, 0);

        Assert.Equal(0.05, schedule.At(0));
    }

    [Fact]
    public void From_Config_UsesItsSettings()
    {
        var config = DqnConfig.Default with { EpsilonStart = 0.5, EpsilonEnd = 0.1, EpsilonDecaySteps = 100 };

        Assert.Equal(0.3, EpsilonSchedule.From(config).At(50), 12);
    }

    [Theory]
    [InlineData(1.5, 0.1, "linear")]
    [InlineData(1.0, -0.1, "linear")]
    [InlineData(1.0, 0.1, "cosine")]
    public void InvalidSettings_Throw(double start, double end, string kind) =>
        Assert.ThrowsAny<ArgumentException>(() => new EpsilonSchedule(start, end, 10, kind));
}
