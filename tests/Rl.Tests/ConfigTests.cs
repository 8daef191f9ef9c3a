using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class ConfigTests
{
    [Fact]
    public void FromJson_MissingKeys_KeepDefaults()
    {
        var config = DqnConfig.FromJson("""{ "gamma": 0.25, "batchSize": 64, "targets": "action" }""");

        Assert.Equal(0.25, config.Gamma);
        Assert.Equal(64, config.BatchSize);
        Assert.Equal(DqnConfig.Default with { Gamma = 0.25, BatchSize = 64, Targets = DqnTargets.Action }, config);
    }

    [Theory]
    [InlineData("""{ "gama": 0.5 }""", "gama")]
    [InlineData("""{ "gamma": 1.5 }""", "gamma")]
    [InlineData("""{ "batchSize": "many" }""", "batchSize")]
    [InlineData("""{ "epsilonSchedule": "cosine" }""", "epsilonSchedule")]
    [InlineData("""{ "targets": "exact" }""", "targets")]
    [InlineData("""{ "targets": "posterior", "gamma": 0.5 }""", "targets")]
    [InlineData("""{ "posteriorSamples": 0 }""", "posteriorSamples")]
    [InlineData("""{ "targets": "board", "gamma": 0.5 }""", "targets")]
    [InlineData("""{ "targets": "board", "rewardWin": 10 }""", "targets")]
    [InlineData("""{ "selectionGames": -1 }""", "selectionGames")]
    [InlineData("""{ "selectionSeed": 424242 }""", "selectionSeed")] // the in-training evaluations' fleets
    [InlineData("""{ "finalEvaluationSeed": 31415 }""", "selectionSeed")] // the final comparison's fleets
    public void FromJson_BadInput_IsRefusedWithTheSettingNamed(string json, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => DqnConfig.FromJson(json));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveThenLoad_RoundTrips()
    {
        var path = Path.Combine(TestConfig.TempDirectory(), "config.json");
        var config = DqnConfig.Default with { Seed = 42, LearningRate = 1e-3, EpsilonSchedule = EpsilonSchedule.Exponential };

        config.Save(path);

        Assert.Equal(config, DqnConfig.Load(path));
    }

    [Theory]
    [InlineData("targets", "action")]
    [InlineData("huber-delta", "0.5")]
    [InlineData("total-env-steps", "1000")]
    [InlineData("TotalEnvSteps", "1000")]
    [InlineData("epsilonSchedule", "exponential")]
    [InlineData("seed", "18446744073709551615")]
    public void WithOverride_ParsesEverySettingKind(string name, string value)
    {
        var config = DqnConfig.Default.WithOverride(name, value);

        Assert.NotEqual(DqnConfig.Default, config);
    }

    [Fact]
    public void WithOverride_ChangesOnlyThatSetting()
    {
        var config = DqnConfig.Default.WithOverride("learning-rate", "0.002");

        Assert.Equal(DqnConfig.Default with { LearningRate = 0.002 }, config);
    }

    [Theory]
    [InlineData("nonsense", "1")]
    [InlineData("gamma", "high")]
    [InlineData("batchSize", "0")]
    [InlineData("rewardHit", "NaN")]
    public void WithOverride_BadInput_Throws(string name, string value) =>
        Assert.Throws<ArgumentException>(() => DqnConfig.Default.WithOverride(name, value));

    [Fact]
    public void WithOverrides_ValidatesOnceAllAreApplied_SoDependentSettingsChangeInAnyOrder()
    {
        var config = DqnConfig.Default.WithOverrides([("gamma", "0.2"), ("targets", "action")]);

        Assert.Equal((0.2, DqnTargets.Action), (config.Gamma, config.Targets));
        var error = Assert.Throws<ArgumentException>(() => DqnConfig.Default.WithOverride("gamma", "0.2"));
        Assert.Contains("targets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingNames_CoverEveryJsonKey()
    {
        using var json = System.Text.Json.JsonDocument.Parse(DqnConfig.Default.ToJson());

        Assert.Equal(json.RootElement.EnumerateObject().Select(p => p.Name), DqnConfig.SettingNames);
    }
}
