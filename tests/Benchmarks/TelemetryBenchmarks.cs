using System.Diagnostics;
using System.Diagnostics.Metrics;
using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Engine.Telemetry;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Battleship.Benchmarks;

/// <summary>
/// What the engine's telemetry hooks cost on the self-play hot path. The same code runs in two
/// builds side by side: <c>compiled-out</c> (the baseline, built with <c>-p:BattleshipTelemetry=false</c>,
/// so the hooks are not there at all) and <c>instrumented</c> (the normal build). With
/// <see cref="Listened"/> false nothing listens, which is how self-play runs unless a trainer
/// exports engine telemetry: the target is a ratio within 5% of the baseline. With it true an
/// <see cref="ActivityListener"/> records every engine span and a <see cref="MeterListener"/>
/// takes every engine measurement (callbacks that do nothing: the floor of any exporter's cost).
/// </summary>
/// <remarks>
/// <see cref="TwoPlayerGame"/>: one <see cref="BattleshipGame"/> per operation (construction, two
/// precomputed fleets, then both sides firing precomputed shuffled cell orders until one wins, about
/// 150 <see cref="BattleshipGame.TryFire"/>). <see cref="VectorEnvStep"/>: one
/// <see cref="VectorEnv.Step(ReadOnlySpan{int})"/> of 64 environments with legal actions, auto-reset
/// included, per 64 operations (one operation is one environment step).
/// </remarks>
[Config(typeof(Config))]
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA2213:Disposable fields should be disposed",
    Justification = "The listeners are disposed by the [GlobalCleanup] method."
)]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "BenchmarkDotNet owns the instance; [GlobalCleanup] disposes the listeners."
)]
public class TelemetryBenchmarks
{
    private const int Games = 16;
    private const int Envs = 64;
    private const int VectorSteps = 128;

    private readonly GameRules _rules = GameRules.Standard;
    private FleetLayout[] _fleets = [];
    private int[] _orders = [];
    private int _game;
    private VectorEnv _vector = null!;
    private int[] _cursor = [];
    private int[] _actions = [];
    private ActivityListener? _activities;
    private MeterListener? _measurements;

    /// <summary>Whether a listener takes the engine's spans and measurements.</summary>
    [Params(false, true)]
    public bool Listened { get; set; }

    /// <summary>Precomputes fleets and orders, builds the vector environment and attaches the listeners when <see cref="Listened"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(Fixtures.Seed + 40);
        _fleets = [.. Enumerable.Range(0, 2 * Games).Select(_ => FleetLayout.Random(_rules, ref rng))];
        _orders = Fixtures.CellOrders(_rules, Envs, Fixtures.Seed + 41); // 64 orders: one per environment, and 2 per game for 16 games
        if (Listened)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == EngineTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => { },
            };
            ActivitySource.AddActivityListener(_activities);
            _measurements = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == EngineTelemetry.Name)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _measurements.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            _measurements.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            _measurements.Start();
        }
        _vector = new VectorEnv(_rules, Envs);
        _vector.Reset(Fixtures.Seed + 42);
        _cursor = new int[Envs];
        _actions = new int[Envs];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _measurements?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Games)]
    public int TwoPlayerGame()
    {
        var cells = _rules.Cells;
        var moves = 0;
        for (var g = 0; g < Games; g++)
        {
            var k = _game;
            _game = (k + 1) % Games;
            var game = new BattleshipGame(_rules, Player.One, "bench");
            game.PlaceFleet(Player.One, _fleets[2 * k]);
            game.PlaceFleet(Player.Two, _fleets[(2 * k) + 1]);
            Span<int> next = [0, 0];
            while (game.Phase == GamePhase.InProgress)
            {
                var player = game.CurrentPlayer;
                var order = (2 * k) + (int)player;
                game.TryFire(player, _orders[(order * cells) + next[(int)player]++], out _);
            }
            moves += game.TurnNumber;
        }
        return moves;
    }

    /// <summary>One environment step of a 64-environment <see cref="VectorEnv"/>.</summary>
    [Benchmark(OperationsPerInvoke = Envs * VectorSteps)]
    public float VectorEnvStep()
    {
        var cells = _rules.Cells;
        var rewards = _vector.Buffers.Rewards;
        var terminated = _vector.Buffers.Terminated;
        var truncated = _vector.Buffers.Truncated;
        var sum = 0f;
        for (var s = 0; s < VectorSteps; s++)
        {
            for (var i = 0; i < Envs; i++)
            {
                _actions[i] = _orders[(i * cells) + _cursor[i]];
            }
            _vector.Step(_actions);
            var done = terminated.Span;
            var cut = truncated.Span;
            for (var i = 0; i < Envs; i++)
            {
                _cursor[i] = done[i] || cut[i] ? 0 : _cursor[i] + 1;
            }
            sum += rewards.Span[0];
        }
        return sum;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            var job = Job.Default.WithWarmupCount(5).WithIterationCount(40);
            AddJob(job.WithArguments([new MsBuildArgument("/p:BattleshipTelemetry=false")]).WithId("compiled-out").AsBaseline());
            AddJob(job.WithId("instrumented"));
            HideColumns("Arguments");
        }
    }
}
