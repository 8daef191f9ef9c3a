using System.CommandLine;
using System.Text.Json;
using Battleship.Trainer;
using Battleship.Trainer.Dqn;
using Battleship.Trainer.Training;

namespace Battleship.Rl.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Evaluate_DqnCheckpoint_ReportsLikeTheBaselines()
    {
        var directory = TestConfig.TempDirectory();
        QNetworkTests.SaveFreshCheckpoint(directory, TestConfig.Tiny);

        var (exitCode, output, _) = Run("evaluate", "--agent", "dqn:" + directory, "--games", "40", "--seed", "3", "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("dqn:" + directory, json.RootElement.GetProperty("agent").GetString());
        Assert.Equal(40, json.RootElement.GetProperty("games").GetInt32());
    }

    [Fact]
    public void Evaluate_Versus_ReportsHeadToHeadWins()
    {
        var (exitCode, output, _) = Run("evaluate", "--agent", "density", "--vs", "random", "--games", "200", "--seed", "4", "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var root = json.RootElement;
        Assert.Equal("density", root.GetProperty("agent").GetString());
        Assert.Equal("random", root.GetProperty("opponent").GetString());
        Assert.Equal(200, root.GetProperty("wins").GetInt32() + root.GetProperty("losses").GetInt32());
        Assert.True(root.GetProperty("winRate").GetDouble() > 0.9);
    }

    [Theory]
    [InlineData("evaluate", "--agent", "dqn:/nonexistent/checkpoint")]
    [InlineData("evaluate", "--agent", "density", "--vs", "oracle")]
    [InlineData("train", "--gamma", "2")]
    [InlineData("train", "--batch-size", "lots")]
    public void BadInput_FailsWithAnError(params string[] args)
    {
        var (exitCode, output, error) = Run(args);

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("done:", output, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Train_TinyRun_WritesTheRunAndReportsProgress()
    {
        var run = Path.Combine(TestConfig.TempDirectory(), "run");
        var config = Path.Combine(TestConfig.TempDirectory(), "tiny.json");
        TestConfig.Tiny.Save(config);

        var (exitCode, output, error) = Run(
            "train",
            "--config",
            config,
            "--run",
            run,
            "--plain",
            "--total-env-steps",
            "1920",
            "--final-evaluation-games",
            "20"
        );

        Assert.True(exitCode == 0, error);
        Assert.Contains("step 1,920/1,920", output, StringComparison.Ordinal);
        Assert.Contains("final comparison", output, StringComparison.Ordinal);
        Assert.Contains("density", output, StringComparison.Ordinal);
        Assert.Equal(1_920, DqnConfig.Load(Path.Combine(run, Checkpoints.ConfigFile)).TotalEnvSteps);
        Assert.NotNull(Checkpoints.Latest(run));
    }

    [Fact]
    public void Train_SelectionLine_SaysWhichNetworkIsTheBestCheckpoint()
    {
        var kept = TrainCommand.SelectionLine(new CheckpointSelection(2_000, 31_415, 640_000, 45.0, 1_500_000, 45.25, 0.14));
        var replaced = TrainCommand.SelectionLine(new CheckpointSelection(2_000, 31_415, 640_000, 45.25, 1_500_000, 45.0, 0.14));

        Assert.Equal(
            "checked on 2,000 other games (seed 31415): best checkpoint (step 640,000) 45.00 shots, last network (step 1,500,000) 45.25, difference +0.25 ± 0.14: the best checkpoint stays",
            kept
        );
        Assert.EndsWith("difference -0.25 ± 0.14: the last network is now the best checkpoint", replaced, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TrainerCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
