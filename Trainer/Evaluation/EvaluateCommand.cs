using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Battleship.Engine;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;

namespace Battleship.Trainer.Evaluation;

/// <summary><c>evaluate --agent NAME --games N --seed S [--threads T] [--json]</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var agent = new Option<string>("--agent", "-a")
        {
            Description = "The agent to evaluate: " + string.Join(", ", ShotPolicies.All.Select(p => p.Name)) + ".",
            Required = true,
        };
        agent.AcceptOnlyFromAmong([.. ShotPolicies.All.Select(p => p.Name)]);
        var games = new Option<int>("--games", "-n") { Description = "Number of games.", DefaultValueFactory = _ => 10_000 };
        games.Validators.Add(RequirePositive);
        var seed = new Option<ulong>("--seed", "-s")
        {
            Description = "Seed of the run (fleets and tie-breaks).",
            DefaultValueFactory = _ => 1,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Worker threads.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        threads.Validators.Add(RequirePositive);
        var json = new Option<bool>("--json") { Description = "End the output with one JSON object holding the summary." };

        var command = new Command("evaluate", "Play an agent against uniformly placed fleets and report shots to win.")
        {
            agent,
            games,
            seed,
            threads,
            json,
        };
        command.SetAction(
            (parseResult, cancellationToken) =>
            {
                var policy = ShotPolicies.Find(parseResult.GetRequiredValue(agent))!;
                var output = parseResult.InvocationConfiguration.Output;
                var stopwatch = Stopwatch.StartNew();
                var report = PolicyEvaluator.Evaluate(
                    GameRules.Standard,
                    () => policy,
                    parseResult.GetValue(games),
                    parseResult.GetValue(seed),
                    parseResult.GetValue(threads),
                    cancellationToken
                );
                EvaluationReportWriter.WriteText(output, report, stopwatch.Elapsed);
                if (parseResult.GetValue(json))
                {
                    output.WriteLine(EvaluationReportWriter.ToJson(report));
                }
                return Task.FromResult(0);
            }
        );
        return command;
    }

    /// <summary>Refuses zero and negative numbers; text that is not a number is reported by the parser itself.</summary>
    private static void RequirePositive(OptionResult result)
    {
        if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out var value) && value <= 0)
        {
            result.AddError($"{result.Option.Name} must be a positive number.");
        }
    }
}
