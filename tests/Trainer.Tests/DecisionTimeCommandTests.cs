using Battleship.Engine;
using Battleship.Engine.Policies;
using Battleship.Grains;
using Battleship.Grains.Models;
using Battleship.Trainer.Cluster;

namespace Battleship.Trainer.Tests;

public class DecisionTimeCommandTests
{
    [Fact]
    public async Task Measure_PlaysEveryGameToTheEnd_AskingTheAgentForEachShot_AndTimesAllButTheFirst()
    {
        var agent = new DensityAgent();

        var times = await DecisionTimeCommand.MeasureAsync(agent, games: 5, seed: 9, TestContext.Current.CancellationToken);

        Assert.Equal(5, times.Games);
        Assert.Equal(agent.Requests.Count, times.Decisions);
        Assert.Equal(times.Decisions - 1, times.Histogram.TotalCount);
        Assert.Equal(5, agent.Requests.Select(r => r.MatchId).Distinct().Count());
        // Every request is what the shooter knows: the rules, and no cell fired at twice.
        Assert.All(agent.Requests, r => Assert.Equal(RulesSpec.Standard, r.Rules));
        Assert.Equal(times.Decisions, agent.Requests.Select(r => (r.MatchId, Bitboard.Count(r.Shots.ToBitboard()))).Distinct().Count());
        Assert.Contains("5 games", times.Format(), StringComparison.Ordinal);
        Assert.Contains("p99", times.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Measure_TheSameSeed_PlaysTheSameGames()
    {
        var first = new DensityAgent();
        var second = new DensityAgent();

        var a = await DecisionTimeCommand.MeasureAsync(first, games: 3, seed: 4, TestContext.Current.CancellationToken);
        var b = await DecisionTimeCommand.MeasureAsync(second, games: 3, seed: 4, TestContext.Current.CancellationToken);

        Assert.Equal(a.Decisions, b.Decisions);
        Assert.Equal(first.Requests.Select(r => (r.Shots, r.Hits, r.Seed)), second.Requests.Select(r => (r.Shots, r.Hits, r.Seed)));
    }

    /// <summary>An agent grain that answers with the density policy, recording each request.</summary>
    private sealed class DensityAgent : IAgentGrain
    {
        public List<AgentShotRequest> Requests { get; } = [];

        public Task<int> ChooseShotAsync(AgentShotRequest request)
        {
            Requests.Add(request);
            var view = new TargetView(
                GameRules.Standard,
                request.Shots.ToBitboard(),
                request.Hits.ToBitboard(),
                request.SunkCells.ToBitboard(),
                request.AfloatShips
            );
            var rng = new Rng(request.Seed);
            return Task.FromResult(ShotPolicies.ProbabilityDensity.SelectShot(view, ref rng));
        }

        public Task<AgentProfile> DefineAsync(AgentDefinition definition) => throw new NotSupportedException();

        public Task<AgentProfile> UpdateAsync(Caller caller, AgentDefinition definition) => throw new NotSupportedException();

        public Task<AgentProfile> GetProfileAsync() => throw new NotSupportedException();

        public Task DeleteAsync(Caller caller) => throw new NotSupportedException();

        public Task<IReadOnlyList<FleetPlacement>> ChooseFleetAsync(RulesSpec rules, ulong seed) => throw new NotSupportedException();
    }
}
