using Battleship.Engine;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;
using BenchmarkDotNet.Attributes;

namespace Battleship.Benchmarks;

/// <summary>
/// Whole random games, placement included: what one game of random self-play costs. Each
/// operation is one game on a fresh fleet drawn from a generator seeded in the setup (the stream
/// runs on across iterations, so every game is new but the run is reproducible).
/// </summary>
[MemoryDiagnoser]
public class GameBenchmarks
{
    private const int GamesPerInvoke = 64;
    private const int TwoPlayerGamesPerInvoke = 16;

    private readonly GameRules _rules = GameRules.Standard;
    private UInt128[] _fleet = [];
    private int[] _order = [];
    private Ocean _ocean = null!;
    private Rng _rng;

    /// <summary>Creates the reused ocean and buffers and seeds the generator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _fleet = new UInt128[_rules.Fleet.Length];
        _order = Enumerable.Range(0, _rules.Cells).ToArray();
        _ocean = new Ocean(_rules);
        _rng = new Rng(Fixtures.Seed);
    }

    /// <summary>
    /// One game: <see cref="FleetLayout.SampleMasks"/>, <see cref="Ocean.Reset(ReadOnlySpan{UInt128})"/>,
    /// then <see cref="ShotPolicies.Random"/> through <see cref="PolicyEvaluator.PlayOut"/> until the fleet is sunk.
    /// </summary>
    [Benchmark(OperationsPerInvoke = GamesPerInvoke)]
    public int RandomPolicyGame()
    {
        var ocean = _ocean;
        var policy = ShotPolicies.Random;
        var shots = 0;
        for (var g = 0; g < GamesPerInvoke; g++)
        {
            FleetLayout.SampleMasks(_rules, ref _rng, _fleet);
            ocean.Reset(_fleet);
            shots += PolicyEvaluator.PlayOut(ocean, policy, ref _rng);
        }
        return shots;
    }

    /// <summary>
    /// One game as above, with the shots drawn by an in-place Fisher–Yates shuffle (one draw per
    /// shot, stopping at the win) instead of the policy: the floor for random play on this engine.
    /// </summary>
    [Benchmark(OperationsPerInvoke = GamesPerInvoke)]
    public int FisherYatesGame()
    {
        var ocean = _ocean;
        var order = _order; // any permutation of the cells; shuffling it keeps every order equally likely
        var shots = 0;
        for (var g = 0; g < GamesPerInvoke; g++)
        {
            FleetLayout.SampleMasks(_rules, ref _rng, _fleet);
            ocean.Reset(_fleet);
            var i = 0;
            while (!ocean.AllSunk)
            {
                var j = i + _rng.NextInt(order.Length - i);
                (order[i], order[j]) = (order[j], order[i]);
                ocean.TryFire(order[i], out _);
                i++;
            }
            shots += i;
        }
        return shots;
    }

    /// <summary>
    /// One two-player <see cref="BattleshipGame"/>: two <see cref="FleetLayout.Random(GameRules, ref Rng)"/>
    /// fleets, both sides firing with the random policy in turn until one wins. Allocates (the game,
    /// its oceans, layouts and move log), unlike the single-ocean games.
    /// </summary>
    [Benchmark(OperationsPerInvoke = TwoPlayerGamesPerInvoke)]
    public int TwoPlayerGame()
    {
        var policy = ShotPolicies.Random;
        var moves = 0;
        for (var g = 0; g < TwoPlayerGamesPerInvoke; g++)
        {
            var game = new BattleshipGame(_rules);
            game.PlaceFleet(Player.One, FleetLayout.Random(_rules, ref _rng));
            game.PlaceFleet(Player.Two, FleetLayout.Random(_rules, ref _rng));
            while (game.Phase == GamePhase.InProgress)
            {
                var player = game.CurrentPlayer;
                var cell = policy.SelectShot(game.ViewOfOpponent(player), ref _rng);
                game.TryFire(player, cell, out _);
            }
            moves += game.TurnNumber;
        }
        return moves;
    }
}
