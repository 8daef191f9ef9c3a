using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;
using Battleship.Trainer.Dqn;
using Spectre.Console;

namespace Battleship.Trainer.Training;

/// <summary>
/// <c>train [--config FILE] [--run DIR] [--SETTING VALUE ...] [--plain]</c>: trains a DQN agent in
/// this process, shows live progress, writes checkpoints into the run directory and ends with a
/// comparison against every baseline.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "A JSON configuration file (see docs/rl.md); missing keys keep their defaults.",
        };
        var run = new Option<string?>("--run", "-r")
        {
            Description = "The run directory (resumed when it holds a checkpoint). Default: artifacts/runs/<UTC time>.",
        };
        var plain = new Option<bool>("--plain") { Description = "Print one line per progress report instead of a live progress bar." };
        var command = new Command("train", "Train a DQN agent by self-play in this process (checkpoints, live progress, final comparison).")
        {
            config,
            run,
            plain,
        };
        var settings = new List<(string Name, Option<string> Option)>();
        foreach (var name in DqnConfig.SettingNames)
        {
            var option = new Option<string>("--" + Kebab(name))
            {
                Description = string.Create(CultureInfo.InvariantCulture, $"Overrides '{name}' (default {DefaultOf(name)})."),
            };
            command.Options.Add(option);
            settings.Add((name, option));
        }
        command.SetAction(
            async (parseResult, cancellationToken) =>
            {
                var output = parseResult.InvocationConfiguration.Output;
                var error = parseResult.InvocationConfiguration.Error;
                DqnConfig effective;
                try
                {
                    effective = parseResult.GetValue(config) is { } file ? DqnConfig.Load(file.FullName) : DqnConfig.Default;
                    effective = effective.WithOverrides([
                        .. settings
                            .Select(s => (s.Name, Value: parseResult.GetValue(s.Option)))
                            .Where(s => s.Value is not null)
                            .Select(s => (s.Name, s.Value!)),
                    ]);
                }
                catch (Exception e) when (e is ArgumentException or IOException)
                {
                    await error.WriteLineAsync(e.Message);
                    return 2;
                }
                var runDirectory =
                    parseResult.GetValue(run)
                    ?? Path.Combine("artifacts", "runs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
                var trainer = new DqnTrainer(effective, runDirectory);
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                console.MarkupLine($"[bold]DQN training[/] into [blue]{Markup.Escape(trainer.RunDirectory)}[/]");
                console.MarkupLine(Markup.Escape(Summary(effective)));
                TrainingResult result;
                try
                {
                    result =
                        parseResult.GetValue(plain) || !console.Profile.Capabilities.Interactive
                            ? await trainer.RunAsync(new Progress<TrainingProgress>(p => output.WriteLine(Line(p))), cancellationToken)
                            : await RunWithProgressBar(console, trainer, cancellationToken);
                }
                catch (TrainingDivergedException e)
                {
                    await error.WriteLineAsync(e.Message);
                    return 3;
                }
                catch (OperationCanceledException)
                {
                    await error.WriteLineAsync($"Cancelled; resume with: train --run {trainer.RunDirectory}");
                    return 130;
                }
                var best = result.BestCheckpoint ?? result.LatestCheckpoint;
                console.MarkupLine(
                    Markup.Escape(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"done: {result.State.EnvSteps:N0} steps, {result.State.Updates:N0} updates, {result.State.Episodes:N0} episodes in {TimeSpan.FromSeconds(result.State.ElapsedSeconds):hh\\:mm\\:ss}{(result.StoppedByTimeLimit ? " (time limit)" : "")}; best evaluation {result.State.BestEvalMeanShots:F2} shots at step {result.State.BestEvalEnvSteps:N0}"
                        )
                    )
                );
                if (result.Selection is { } selection)
                {
                    console.MarkupLine(Markup.Escape(SelectionLine(selection)));
                }
                console.MarkupLine($"best checkpoint: [blue]{Markup.Escape(best)}[/]");
                if (effective.FinalEvaluationGames > 0)
                {
                    Compare(console, best, effective.FinalEvaluationGames, effective.FinalEvaluationSeed, cancellationToken);
                }
                console.MarkupLine(
                    $"evaluate it: [green]make evaluate ARGS=\"--agent dqn:{Markup.Escape(best)} --games 10000 --seed 1\"[/]"
                );
                return 0;
            }
        );
        return command;
    }

    private static async Task<TrainingResult> RunWithProgressBar(
        IAnsiConsole console,
        DqnTrainer trainer,
        CancellationToken cancellationToken
    )
    {
        TrainingResult? result = null;
        await TrainingProgressBar
            .For(console)
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 1.0);
                var progress = new Progress<TrainingProgress>(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = Markup.Escape(Compact(p));
                });
                result = await trainer.RunAsync(progress, cancellationToken);
                task.Value = 1.0;
            });
        return result!;
    }

    internal static void Compare(IAnsiConsole console, string checkpoint, int games, ulong seed, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("agent", "mean shots", "± s.e.", "median", "DQN wins head-to-head");
        using var dqn = DqnPolicy.Load(checkpoint);
        var dqnReport = dqn.Evaluate(games, seed, cancellationToken: cancellationToken);
        var c = CultureInfo.InvariantCulture;
        table.AddRow(
            "dqn (this run)",
            dqnReport.Mean.ToString("F2", c),
            dqnReport.StandardError.ToString("F2", c),
            dqnReport.Median.ToString("F1", c),
            ""
        );
        foreach (var baseline in ShotPolicies.All)
        {
            var report = PolicyEvaluator.Evaluate(dqn.Rules, () => baseline, games, seed, cancellationToken: cancellationToken);
            // Same fleets game by game; the DQN moves first in even games.
            var match = new HeadToHead(dqnReport, report);
            table.AddRow(
                baseline.Name,
                report.Mean.ToString("F2", c),
                report.StandardError.ToString("F2", c),
                report.Median.ToString("F1", c),
                match.WinRateA.ToString("P1", c)
            );
        }
        console.MarkupLine(string.Create(c, $"[bold]final comparison[/]: {games:N0} games, seed {seed} (fleets never used in training)"));
        console.Write(table);
    }

    /// <summary>What the end of the run's comparison of the best checkpoint with the last network found.</summary>
    internal static string SelectionLine(CheckpointSelection s) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"checked on {s.Games:N0} other games (seed {s.Seed}): best checkpoint (step {s.BestEnvSteps:N0}) {s.BestMeanShots:F2} shots, last network (step {s.LastEnvSteps:N0}) {s.LastMeanShots:F2}, difference {s.Difference:+0.00;-0.00;0.00} ± {s.DifferenceStandardError:F2}: {(s.LastChosen ? "the last network is now the best checkpoint" : "the best checkpoint stays")}"
        );

    internal static string Line(TrainingProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"step {p.EnvSteps:N0}/{p.TotalEnvSteps:N0}  episodes {p.Point.Episodes:N0}  eps {p.Point.Epsilon:F3}");
        text.Append(c, $"  loss {(p.Point.Loss is { } loss ? loss.ToString("F4", c) : "-")}");
        text.Append(c, $"  train shots {(p.Point.TrainMeanShots is { } train ? train.ToString("F1", c) : "-")}");
        text.Append(c, $"  eval shots {(p.EvalMeanShots is { } eval ? eval.ToString("F2", c) : "-")}");
        return text.ToString();
    }

    /// <summary>The progress bar's short description: steps, epsilon, loss and the latest evaluation.</summary>
    internal static string Compact(TrainingProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        var loss = p.Point.Loss is { } l ? l.ToString("F3", c) : "-";
        var eval = p.EvalMeanShots is { } e ? e.ToString("F1", c) : "-";
        return string.Create(c, $"{p.EnvSteps / 1000}k steps {p.Point.Episodes:N0} ep eps {p.Point.Epsilon:F2} loss {loss} eval {eval}");
    }

    private static string Summary(DqnConfig config) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"budget {config.TotalEnvSteps:N0} env steps (time limit {config.TimeLimitMinutes} min), {config.Environments} envs, batch {config.BatchSize}, gamma {config.Gamma}, lr {config.LearningRate}, net {config.ConvLayers}x{config.Channels}, seed {config.Seed}"
        );

    private static string Kebab(string name)
    {
        var text = new StringBuilder();
        foreach (var ch in name)
        {
            if (char.IsUpper(ch))
            {
                text.Append('-').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                text.Append(ch);
            }
        }
        return text.ToString();
    }

    private static string DefaultOf(string name) =>
        JsonDocument.Parse(DqnConfig.Default.ToJson()).RootElement.GetProperty(name).GetRawText();
}
