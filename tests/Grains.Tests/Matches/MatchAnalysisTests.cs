using Battleship.Engine;
using Battleship.Engine.Policies;
using Battleship.Grains.Matches;
using static Battleship.Grains.Tests.Matches.OfflineMatches;

namespace Battleship.Grains.Tests.Matches;

/// <summary>
/// What an analysis of a finished match is computed from (<see cref="MatchAnalysisGrain.KnowledgeBefore"/>):
/// exactly what the move's player knew when it was their turn, and nothing of the hidden fleet.
/// </summary>
public class MatchAnalysisTests
{
    private static readonly Guid Stranger = new("00000000-0000-0000-0000-0000000000b9");

    [Fact]
    public void KnowledgeBefore_EveryMove_IsWhatItsPlayerWasToldOnTurn()
    {
        var match = InProgress(FleetLayout.Random(GameRules.Standard, 3), FleetLayout.Random(GameRules.Standard, 4));
        var told = new List<AgentShotRequest>();
        var rng = new Rng(9);
        while (match.State.Status == MatchStatus.InProgress)
        {
            var request = match.AgentRequest(); // what an agent on turn is told
            told.Add(request);
            var cell = ShotPolicies.ProbabilityDensity.SelectShot(AgentGrain.ToTargetView(request), ref rng);
            match.Fire((int)match.Game.CurrentPlayer, cell, T0);
        }
        var replay = match.ReplayFor(Stranger);

        for (var move = 0; move < replay.Moves.Count; move++)
        {
            var known = MatchAnalysisGrain.KnowledgeBefore(replay.MatchId, replay.Rules, replay.Moves, move);

            Assert.Equal(Known(told[move]), Known(known));
        }
        Assert.Equal(MatchStatus.Finished, replay.Status);
    }

    [Fact]
    public void Analysis_OfTheSameKnowledge_OverTwoDifferentHiddenFleets_IsTheSame()
    {
        // Seat 0 fires only at water of both candidate fleets of seat 1, so what it knows is the same.
        var fleetOne = FleetLayout.Random(GameRules.Standard, 11);
        var fleetA = FleetLayout.Random(GameRules.Standard, 12);
        var fleetB = FleetLayout.Random(GameRules.Standard, 13);
        Assert.NotEqual(fleetA.Occupied, fleetB.Occupied);
        var water = Enumerable
            .Range(0, GameRules.Standard.Cells)
            .Where(c => !Bitboard.Contains(fleetA.Occupied | fleetB.Occupied, c))
            .Take(6);
        var seatOneShots = Enumerable.Range(0, GameRules.Standard.Cells).Where(c => !Bitboard.Contains(fleetOne.Occupied, c)).Take(6);
        var id = Guid.NewGuid();
        var replays = new[] { fleetA, fleetB }
            .Select(hidden =>
            {
                var match = InProgress(fleetOne, hidden, id);
                foreach (var (mine, theirs) in water.Zip(seatOneShots))
                {
                    match.Fire(0, mine, T0);
                    match.Fire(1, theirs, T0);
                }
                match.Resign(0, T0);
                return match.ReplayFor(Stranger);
            })
            .ToList();

        var analyses = replays
            .Select(r =>
            {
                var request = MatchAnalysisGrain.KnowledgeBefore(r.MatchId, r.Rules, r.Moves, r.Moves.Count - 1);
                return MatchAnalysisGrain.Density(request, AgentGrain.ToTargetView(request));
            })
            .ToList();

        Assert.NotEqual(replays[0].Fleets[1]!.SelectMany(s => s.Cells), replays[1].Fleets[1]!.SelectMany(s => s.Cells));
        Assert.Equal(analyses[0].HitProbabilities, analyses[1].HitProbabilities);
        Assert.Equal(analyses[0].Cell, analyses[1].Cell);
        Assert.Equal(AnalysisSources.Density, analyses[0].Source);
    }

    [Fact]
    public void Density_SuggestsTheDensityAgentsShot_AndZeroWhereTheShooterFired()
    {
        var shots = Bitboard.Bit(GameRules.Standard.CellAt(4, 4)) | Bitboard.Bit(GameRules.Standard.CellAt(4, 5));
        var hits = Bitboard.Bit(GameRules.Standard.CellAt(4, 4));
        var request = new AgentShotRequest(Guid.Empty, RulesSpec.Standard, CellSet.From(shots), CellSet.From(hits), default, 0b11111, 77);
        var view = AgentGrain.ToTargetView(request);

        var analysis = MatchAnalysisGrain.Density(request, view);
        var rng = new Rng(77);

        Assert.Equal(ShotPolicies.ProbabilityDensity.SelectShot(view, ref rng), analysis.Cell);
        Assert.Equal(0f, analysis.HitProbabilities[GameRules.Standard.CellAt(4, 4)]);
        Assert.Equal(0f, analysis.HitProbabilities[GameRules.Standard.CellAt(4, 5)]);
        Assert.Equal(analysis.HitProbabilities.Max(), analysis.HitProbabilities[analysis.Cell]);
    }

    private static (Guid, CellSet, CellSet, CellSet, uint) Known(AgentShotRequest r) =>
        (r.MatchId, r.Shots, r.Hits, r.SunkCells, r.AfloatShips);
}
