using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Battleship.Engine.Policies;
using Battleship.Trainer.Dqn;

namespace Battleship.Trainer.Evaluation;

/// <summary><c>evaluate --agent NAME [--vs NAME] --games N --seed S [--threads T] [--json]</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var agent = new Option<string>("--agent", "-a")
        {
            Description =
                "The agent to evaluate: "
                + string.Join(", ", ShotPolicies.All.Select(p => p.Name))
                + ", dqn (the shipped DQN agent) or dqn:<checkpoint directory>.",
            Required = true,
        };
        agent.Validators.Add(RequireAgent);
        var versus = new Option<string?>("--vs")
        {
            Description = "Play head-to-head against this agent instead (same names as --agent); first move alternates.",
        };
        versus.Validators.Add(RequireAgent);
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
            versus,
            games,
            seed,
            threads,
            json,
        };
        command.SetAction(
            (parseResult, cancellationToken) =>
            {
                var name = parseResult.GetRequiredValue(agent);
                var output = parseResult.InvocationConfiguration.Output;
                var stopwatch = Stopwatch.StartNew();
                if (parseResult.GetValue(versus) is { } opponent)
                {
                    var match = HeadToHead.Play(
                        name,
                        opponent,
                        parseResult.GetValue(games),
                        parseResult.GetValue(seed),
                        parseResult.GetValue(threads),
                        cancellationToken
                    );
                    EvaluationReportWriter.WriteHeadToHead(output, match, parseResult.GetValue(seed), stopwatch.Elapsed);
                    if (parseResult.GetValue(json))
                    {
                        output.WriteLine(EvaluationReportWriter.ToJson(match, parseResult.GetValue(seed)));
                    }
                    return Task.FromResult(0);
                }
                var report = AgentResolver.Evaluate(
                    name,
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

    private static void RequireAgent(OptionResult result)
    {
        if (result.Tokens.Count == 1 && AgentResolver.Problem(result.Tokens[0].Value) is { } problem)
        {
            result.AddError(problem);
        }
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
