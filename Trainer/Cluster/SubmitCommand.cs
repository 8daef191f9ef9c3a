using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Battleship.Grains;
using Battleship.Grains.Models;
using Battleship.Grains.Training;
using Battleship.Hosting;
using Battleship.Trainer.Dqn;
using Battleship.Trainer.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Battleship.Trainer.Cluster;

/// <summary>
/// The <c>submit</c> command (<c>make train</c>): submits a training job to the cluster's trainer
/// silos as an Orleans client, follows its progress live, then compares the job's best checkpoint
/// with every baseline and says how to play against the agent it registered.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name", "-n")
        {
            Description = "The job's name (also the agent's).",
            DefaultValueFactory = _ => DefaultName(),
        };
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "A JSON file of settings that override the defaults (docs/rl.md).",
        };
        var set = new Option<string[]>("--set", "-s")
        {
            Description = "A setting to override, name=value (repeatable), for example --set totalEnvSteps=200000.",
            AllowMultipleArgumentsPerToken = false,
        };
        var games = new Option<int>("--eval-games")
        {
            Description = "Games of the final comparison with the baselines.",
            DefaultValueFactory = _ => 2_000,
        };
        var seed = new Option<ulong>("--eval-seed")
        {
            Description = "Seed of the final comparison (fleets never used in training).",
            DefaultValueFactory = _ => 1,
        };
        var plain = new Option<bool>("--plain") { Description = "One line per progress report instead of a live progress bar." };
        var command = new Command("submit", "Submit a training job to the cluster's trainer silos and follow it (make train).")
        {
            name,
            config,
            set,
            games,
            seed,
            plain,
        };
        command.SetAction(
            async (parseResult, cancellationToken) =>
            {
                var console = AnsiConsole.Console;
                string? overrides;
                try
                {
                    overrides = Overrides(parseResult.GetValue(config), parseResult.GetValue(set) ?? []);
                }
                catch (Exception e) when (e is IOException or JsonException or FormatException)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                    return 2;
                }
                var builder = Host.CreateApplicationBuilder(
                    new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory }
                );
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.AddBattleshipClusterClient();
                builder.Services.AddOptions<TrainingOptions>().BindConfiguration(TrainingOptions.SectionName);
                using var host = builder.Build();
                await host.StartAsync(cancellationToken);
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                var jobId = Guid.NewGuid();
                var job = grains.GetGrain<ITrainingJobGrain>(jobId);
                TrainingJobView view;
                try
                {
                    view = await job.SubmitAsync(new TrainingJobRequest(parseResult.GetValue(name)!, overrides, null));
                }
                catch (BattleshipException e)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"{e.Code}: {e.Message}");
                    return 1;
                }
                console.MarkupLine(
                    string.Create(CultureInfo.InvariantCulture, $"[bold]training job[/] {jobId} on {Markup.Escape(view.Silo ?? "?")}")
                );
                try
                {
                    view = parseResult.GetValue(plain)
                        ? await FollowPlainAsync(job, console, cancellationToken)
                        : await FollowAsync(job, console, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await job.CancelAsync(Caller.Operator);
                    console.MarkupLine("[yellow]cancelled[/] (the job's checkpoints stay)");
                    return 130;
                }
                await host.StopAsync(CancellationToken.None);
                return Report(
                    view,
                    console,
                    host.Services.GetRequiredService<IOptions<TrainingOptions>>().Value,
                    parseResult.GetValue(games),
                    parseResult.GetValue(seed),
                    cancellationToken
                );
            }
        );
        return command;
    }

    private static string DefaultName() => string.Create(CultureInfo.InvariantCulture, $"DQN {DateTime.UtcNow:yyyy-MM-dd HH:mm}");

    /// <summary>The overrides as one JSON object: the file's settings, then each name=value.</summary>
    internal static string? Overrides(FileInfo? file, IReadOnlyList<string> settings)
    {
        var merged = file is null
            ? new JsonObject()
            : JsonNode.Parse(File.ReadAllText(file.FullName)) as JsonObject
                ?? throw new FormatException($"{file.Name} is not a JSON object.");
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{setting}' is not name=value.");
            }
            merged[setting[..equals].Trim()] = setting[(equals + 1)..].Trim();
        }
        return merged.Count == 0 ? null : merged.ToJsonString();
    }

    private static async Task<TrainingJobView> FollowAsync(ITrainingJobGrain job, IAnsiConsole console, CancellationToken cancellationToken)
    {
        TrainingJobView view = await job.GetAsync();
        await TrainingProgressBar
            .For(console)
            .StartAsync(async context =>
            {
                var task = context.AddTask("training", maxValue: 1);
                while (view.Status is TrainingJobStatus.Queued or TrainingJobStatus.Running)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                    view = await job.GetAsync();
                    if (view.Progress is { } p)
                    {
                        task.Value = p.TotalSteps > 0 ? Math.Min(1, (double)p.Step / p.TotalSteps) : 0;
                        task.Description = Markup.Escape(Line(p));
                    }
                }
                task.Value = 1;
            });
        return view;
    }

    private static async Task<TrainingJobView> FollowPlainAsync(
        ITrainingJobGrain job,
        IAnsiConsole console,
        CancellationToken cancellationToken
    )
    {
        var view = await job.GetAsync();
        long reported = -1;
        while (view.Status is TrainingJobStatus.Queued or TrainingJobStatus.Running)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            view = await job.GetAsync();
            if (view.Progress is { } p && p.Step != reported)
            {
                reported = p.Step;
                console.WriteLine(Line(p));
            }
        }
        return view;
    }

    internal static string Line(Grains.Models.TrainingProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(
            c,
            $"step {p.Step:N0}/{p.TotalSteps:N0}  episodes {p.Episodes:N0}  eps {p.Epsilon:F3}  loss {(p.Loss is { } loss ? loss.ToString("F4", c) : "-")}  eval shots {(p.EvalMeanShots is { } e ? e.ToString("F2", c) : "-")}  {p.StepsPerSecond:N0} steps/s"
        );
    }

    private static int Report(
        TrainingJobView view,
        IAnsiConsole console,
        TrainingOptions options,
        int games,
        ulong seed,
        CancellationToken cancellationToken
    )
    {
        var c = CultureInfo.InvariantCulture;
        if (view.Status != TrainingJobStatus.Completed)
        {
            console.MarkupLine(string.Create(c, $"[red]{view.Status}[/]: {Markup.Escape(view.Error ?? "no reason given")}"));
            return 1;
        }
        var best = Path.Combine(Path.GetFullPath(options.Directory), view.Id.ToString("N"), Checkpoints.BestFolder);
        console.MarkupLine(
            string.Create(
                c,
                $"[green]completed[/]: best evaluation {view.BestEvalMeanShots:F2} mean shots; checkpoint {Markup.Escape(best)}"
            )
        );
        if (Directory.Exists(best))
        {
            TrainCommand.Compare(console, best, games, seed, cancellationToken);
        }
        if (view.AgentId is { } agent)
        {
            console.MarkupLine(
                string.Create(c, $"registered as agent [bold]{agent}[/] ({Markup.Escape(view.Name)}); play against it after `make run`:")
            );
            console.WriteLine(
                string.Create(
                    c,
                    $"  curl -s -X POST http://127.0.0.1:5080/api/matches -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{{\"agentId\":\"{agent}\"}}'"
                )
            );
        }
        return 0;
    }
}
