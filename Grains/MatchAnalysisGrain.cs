using Battleship.Engine;
using Battleship.Engine.Policies;
using Battleship.Grains.Models;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Battleship.Grains;

/// <summary>
/// The agent's view of a finished match's moves; see <see cref="IMatchAnalysisGrain"/>. Each call
/// asks the match for its replay as the viewer may see it (so the replay's rule decides who may see
/// an analysis, and the match's own status decides when), refuses until the match has ended, and
/// rebuilds the shooter's knowledge from the public move log alone (<see cref="KnowledgeBefore"/>):
/// the fleets of the replay are never read. The shipped DQN policy answers on a trainer silo; with
/// no trainer silo up (or for rules other than the standard game, which the network does not know)
/// the density agent answers here. A finished match never changes, so the DQN's
/// answers are kept for the activation's life (the density agent's cost microseconds and are not
/// kept, so that a trainer silo that comes up is used at once).
/// </summary>
[Reentrant]
public sealed partial class MatchAnalysisGrain(ILogger<MatchAnalysisGrain> logger) : Grain, IMatchAnalysisGrain
{
    // Calls interleave but never run at once (one activation, one scheduler), so a plain dictionary does.
    private readonly Dictionary<int, MoveAnalysis> _byPolicy = [];

    /// <summary>The checkpoint of the shipped DQN agent, whose view an analysis shows.</summary>
    internal static string ShippedPolicy { get; } = BuiltInAgents.All.Single(a => a.Id == BuiltInAgents.Dqn).Definition.Policy;

    /// <inheritdoc />
    public async Task<MoveAnalysis> AnalyzeAsync(Guid viewerId, int move)
    {
        var matchId = this.GetPrimaryKey();
        var replay = await GrainFactory.GetGrain<IMatchGrain>(matchId).GetReplayAsync(viewerId);
        if (replay.Status != MatchStatus.Finished)
        {
            throw new BattleshipException(
                ErrorCode.MatchNotFinished,
                "The agent's view of the moves is shown once the match has ended, never during it."
            );
        }
        if (move < 0 || move >= replay.Moves.Count)
        {
            throw new BattleshipException(
                ErrorCode.Validation,
                $"The match has {replay.Moves.Count} moves: give a move from 0 to {replay.Moves.Count - 1}."
            );
        }
        if (_byPolicy.TryGetValue(move, out var known))
        {
            return known;
        }

        var played = replay.Moves[move];
        var request = KnowledgeBefore(matchId, replay.Rules, replay.Moves, move);
        var analysis = await AnalyzeAsync(matchId, move, request);
        var result = new MoveAnalysis(
            matchId,
            move,
            played.Player,
            played.Kind,
            played.Shot?.Cell,
            analysis.HitProbabilities,
            analysis.Cell,
            analysis.Source
        );
        if (analysis.Source == AnalysisSources.Dqn)
        {
            _byPolicy[move] = result;
        }
        return result;
    }

    private async Task<ShotAnalysis> AnalyzeAsync(Guid matchId, int move, AgentShotRequest request)
    {
        var view = AgentGrain.ToTargetView(request);
        if (!ReferenceEquals(view.Rules, GameRules.Standard))
        {
            return Density(request, view); // the shipped network knows the standard game only
        }
        ShotAnalysis analysis;
        try
        {
            analysis = await GrainFactory.GetGrain<IPolicyGrain>(ShippedPolicy).AnalyzeAsync(request);
        }
        catch (BattleshipException e) when (e.Code == ErrorCode.Unavailable)
        {
            // No trainer silo is up: the density agent's view instead (a fallback, not a fault).
            AnalysisByDensity(logger, matchId, move, e.Message);
            return Density(request, view);
        }
        catch (BattleshipException e) when (e.Code == ErrorCode.NotFound)
        {
            // A trainer silo is up without the shipped checkpoint: the server's fault, not the caller's.
            throw new BattleshipException(ErrorCode.Unavailable, $"The agent cannot analyse moves right now: {e.Message}");
        }
        return Checked(analysis, view);
    }

    /// <summary>The density agent's view: its hit probabilities and the shot it fires with the request's seed.</summary>
    internal static ShotAnalysis Density(AgentShotRequest request, in TargetView view)
    {
        var probabilities = new float[view.Rules.Cells];
        ProbabilityDensityPolicy.HitProbabilities(view, probabilities);
        return new ShotAnalysis(
            Rounded(probabilities),
            AgentGrain.ChooseShot(ShotPolicies.ProbabilityDensity, request),
            AnalysisSources.Density
        );
    }

    /// <summary>A policy's answer made safe to show: one chance in [0, 1] per cell, 0 where the shooter fired, and an open cell.</summary>
    private static ShotAnalysis Checked(ShotAnalysis analysis, in TargetView view)
    {
        if (analysis.HitProbabilities.Count != view.Rules.Cells || !Bitboard.Contains(view.Unshot, analysis.Cell))
        {
            // A broken policy is the server's fault, not the caller's: 503, never a 500.
            throw new BattleshipException(
                ErrorCode.Unavailable,
                $"The agent answered {analysis.HitProbabilities.Count} chances and cell {analysis.Cell}, which is not an open cell."
            );
        }
        var probabilities = new float[view.Rules.Cells];
        for (var cell = 0; cell < probabilities.Length; cell++)
        {
            var p = analysis.HitProbabilities[cell];
            probabilities[cell] = Bitboard.Contains(view.Shots, cell) || float.IsNaN(p) ? 0f : Math.Clamp(p, 0f, 1f);
        }
        return new ShotAnalysis(Rounded(probabilities), analysis.Cell, AnalysisSources.Dqn);
    }

    /// <summary>Three decimals are plenty for a person (and keep the JSON short).</summary>
    private static float[] Rounded(float[] probabilities)
    {
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = MathF.Round(probabilities[i], 3);
        }
        return probabilities;
    }

    /// <summary>
    /// What the player of move <paramref name="move"/> knew of the other board just before it, from
    /// the public move log only (<paramref name="moves"/>: their shots with what each found, the
    /// cells of the ships they sank), as an agent on turn would be told it. The seed (for a policy's
    /// random tie-break) is fixed by the match and the move, so an analysis is the same every time.
    /// </summary>
    internal static AgentShotRequest KnowledgeBefore(Guid matchId, RulesSpec rules, IReadOnlyList<ReplayMove> moves, int move)
    {
        var engineRules = rules.ToRules();
        var shooter = moves[move].Player;
        var (shots, hits, sunk) = (UInt128.Zero, UInt128.Zero, UInt128.Zero);
        var afloat = (1u << engineRules.Fleet.Length) - 1;
        for (var i = 0; i < move; i++)
        {
            if (moves[i].Player != shooter || moves[i].Shot is not { } shot)
            {
                continue;
            }
            shots |= Bitboard.Bit(shot.Cell);
            if (shot.Outcome == ShotOutcome.Miss)
            {
                continue;
            }
            hits |= Bitboard.Bit(shot.Cell);
            if (shot.SunkShip is { } ship)
            {
                afloat &= ~(1u << engineRules.FleetIndexOf(ship));
                foreach (var cell in shot.SunkCells ?? [])
                {
                    sunk |= Bitboard.Bit(cell);
                }
            }
        }
        var seed = Rng.ForStream(BitConverter.ToUInt64(matchId.ToByteArray()), (ulong)move).NextUInt64();
        return new AgentShotRequest(matchId, rules, CellSet.From(shots), CellSet.From(hits), CellSet.From(sunk), afloat, seed);
    }

    [LoggerMessage(
        2601,
        LogLevel.Information,
        "Match {MatchId} move {Move}: the density agent analyses it, the DQN policy cannot ({Reason})"
    )]
    private static partial void AnalysisByDensity(ILogger logger, Guid matchId, int move, string reason);
}
