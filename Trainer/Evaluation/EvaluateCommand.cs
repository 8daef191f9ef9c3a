using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Battleship.Engine.Policies;
using Battleship.Trainer.Dqn;

namespace Battleship.Trainer.Evaluation;

/// <summary><c>evaluate --agent NAME [--vs NAME] --games N --seed S [--threads T] [--samples N] [--time-budget-ms M] [--json]</c>.</summary>
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
        var samples = new Option<int?>("--samples")
        {
            Description = $"posterior only: the most fleets sampled per decision (default {PosteriorPolicy.DefaultSamples:N0}).",
        };
        samples.Validators.Add(RequirePositive);
        var timeBudget = new Option<double?>("--time-budget-ms")
        {
            Description =
                "posterior only: the most milliseconds one decision may spend sampling (default none; with a budget, results depend on the machine's speed).",
        };
        timeBudget.Validators.Add(RequirePositiveNumber);

        var command = new Command("evaluate", "Play an agent against uniformly placed fleets and report shots to win.")
        {
            agent,
            versus,
            games,
            seed,
            threads,
            json,
            samples,
            timeBudget,
        };
        command.Validators.Add(result =>
        {
            var budgets = result.GetValue(samples) is not null || result.GetValue(timeBudget) is not null;
            var posterior = ShotPolicies.Posterior.Name;
            if (
                budgets
                && !string.Equals(result.GetValue(agent), posterior, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(result.GetValue(versus), posterior, StringComparison.OrdinalIgnoreCase)
            )
            {
                result.AddError("--samples and --time-budget-ms apply only to the posterior agent (--agent posterior or --vs posterior).");
            }
        });
        command.SetAction(
            (parseResult, cancellationToken) =>
            {
                var name = parseResult.GetRequiredValue(agent);
                var output = parseResult.InvocationConfiguration.Output;
                var stopwatch = Stopwatch.StartNew();
                var posterior = Posterior(parseResult.GetValue(samples), parseResult.GetValue(timeBudget));
                if (parseResult.GetValue(versus) is { } opponent)
                {
                    var match = HeadToHead.Play(
                        name,
                        opponent,
                        parseResult.GetValue(games),
                        parseResult.GetValue(seed),
                        parseResult.GetValue(threads),
                        posterior,
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
                    posterior,
                    cancellationToken
                );
                // The budgets the report was played with, when the agent is the posterior one.
                var budgets = report.Agent == ShotPolicies.Posterior.Name ? posterior ?? (PosteriorPolicy)ShotPolicies.Posterior : null;
                EvaluationReportWriter.WriteText(output, report, stopwatch.Elapsed, parseResult.GetValue(threads), budgets);
                if (parseResult.GetValue(json))
                {
                    output.WriteLine(EvaluationReportWriter.ToJson(report, budgets));
                }
                return Task.FromResult(0);
            }
        );
        return command;
    }

    /// <summary>The posterior policy with the budgets given on the command line, or null when none was given.</summary>
    private static PosteriorPolicy? Posterior(int? samples, double? timeBudgetMilliseconds) =>
        samples is null && timeBudgetMilliseconds is null
            ? null
            : new PosteriorPolicy(
                samples ?? PosteriorPolicy.DefaultSamples,
                timeBudgetMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null
            );

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

    private static void RequirePositiveNumber(OptionResult result)
    {
        if (
            result.Tokens.Count == 1
            && double.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out var value)
            && !(value > 0 && double.IsFinite(value))
        )
        {
            result.AddError($"{result.Option.Name} must be a positive number.");
        }
    }
}
