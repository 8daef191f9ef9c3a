using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Battleship.Engine;
using Battleship.Grains;
using Battleship.Grains.Models;
using Battleship.Hosting;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Battleship.Trainer.Cluster;

/// <summary>
/// The <c>decision-time</c> command (<c>make decision-time</c>): how long an agent takes to choose a
/// shot in a live match, measured the way a match asks it. As an Orleans client it plays whole games
/// against seeded fleets, asking the agent grain (on the game silo) for every shot; a DQN agent's
/// grain asks the policy grain on a trainer silo, as in a match. Every call is timed end to end into
/// a histogram, the first one (grain activations, the checkpoint's load) reported apart.
/// </summary>
internal static class DecisionTimeCommand
{
    public static Command Create()
    {
        var agent = new Option<Guid>("--agent", "-a")
        {
            Description = "The agent's id (default: the shipped DQN agent).",
            DefaultValueFactory = _ => BuiltInAgents.Dqn,
        };
        var games = new Option<int>("--games", "-g") { Description = "Games to play.", DefaultValueFactory = _ => 200 };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the fleets.", DefaultValueFactory = _ => 1 };
        var command = new Command("decision-time", "Time an agent's shot decisions through the cluster, as a live match asks for them.")
        {
            agent,
            games,
            seed,
        };
        command.SetAction(
            async (parseResult, cancellationToken) =>
            {
                var count = parseResult.GetValue(games);
                if (count < 1)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync("--games must be at least 1.");
                    return 2;
                }
                var builder = Host.CreateApplicationBuilder(
                    new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory }
                );
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.AddBattleshipClusterClient();
                using var host = builder.Build();
                await host.StartAsync(cancellationToken);
                var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IAgentGrain>(parseResult.GetValue(agent));
                try
                {
                    var result = await MeasureAsync(grain, count, parseResult.GetValue(seed), cancellationToken);
                    await parseResult.InvocationConfiguration.Output.WriteLineAsync(result.Format());
                    return 0;
                }
                catch (BattleshipException e)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"{e.Code}: {e.Message}");
                    return 1;
                }
                finally
                {
                    await host.StopAsync(CancellationToken.None);
                }
            }
        );
        return command;
    }

    /// <summary>Plays <paramref name="games"/> games of seed <paramref name="seed"/> with <paramref name="agent"/> choosing every shot, timing each choice.</summary>
    internal static async Task<DecisionTimes> MeasureAsync(IAgentGrain agent, int games, ulong seed, CancellationToken cancellationToken)
    {
        var rules = GameRules.Standard;
        var spec = RulesSpec.Standard;
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var first = TimeSpan.Zero;
        var shots = 0L;
        for (var game = 0; game < games; game++)
        {
            var ocean = new Ocean(FleetLayout.Random(rules, Rng.ForStream(seed, (ulong)game).NextUInt64()));
            var matchId = Guid.NewGuid();
            while (!ocean.AllSunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var view = ocean.View;
                var request = new AgentShotRequest(
                    matchId,
                    spec,
                    CellSet.From(view.Shots),
                    CellSet.From(view.Hits),
                    CellSet.From(view.SunkCells),
                    view.AfloatShips,
                    Rng.ForStream(seed ^ 0xD3C1_5104, (ulong)shots).NextUInt64()
                );
                var started = Stopwatch.GetTimestamp();
                var cell = await agent.ChooseShotAsync(request);
                var ticks = Stopwatch.GetTimestamp() - started; // Stopwatch ticks: the histogram's unit (TimeStamp)
                if (shots == 0)
                {
                    first = Stopwatch.GetElapsedTime(started, started + ticks);
                }
                else
                {
                    histogram.RecordValue(ticks);
                }
                ocean.Fire(cell);
                shots++;
            }
        }
        return new DecisionTimes(games, shots, first, histogram);
    }
}

/// <summary>What <see cref="DecisionTimeCommand"/> measured: the first decision apart, then the distribution of the others.</summary>
internal sealed record DecisionTimes(int Games, long Decisions, TimeSpan First, LongHistogram Histogram)
{
    private double Milliseconds(double percentile) => Histogram.GetValueAtPercentile(percentile) * 1000.0 / TimeStamp.Seconds(1);

    /// <summary>One line of figures, in milliseconds.</summary>
    public string Format() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Games} games, {Decisions} decisions, {(double)Decisions / Games:F2} shots a game; first decision {First.TotalMilliseconds:F1} ms (activation and load); "
                + $"the others: mean {Histogram.GetMean() * 1000.0 / TimeStamp.Seconds(1):F2} ms, p50 {Milliseconds(50):F2}, p90 {Milliseconds(90):F2}, "
                + $"p99 {Milliseconds(99):F2}, p99.9 {Milliseconds(99.9):F2}, max {Histogram.GetMaxValue() * 1000.0 / TimeStamp.Seconds(1):F2} ms"
        );
}
