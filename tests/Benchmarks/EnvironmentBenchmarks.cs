using Battleship.Engine;
using Battleship.Engine.Gym;
using BenchmarkDotNet.Attributes;

namespace Battleship.Benchmarks;

/// <summary>
/// The single <see cref="BattleshipEnv"/>, and the from-scratch <see cref="ObservationEncoder"/>
/// that the environments' incremental observation writing avoids.
/// </summary>
/// <remarks>
/// <para><see cref="SingleEnvStep"/> is one environment step with a legal action, the environment
/// maintaining its own observation and mask, and the episode reset (a new seeded fleet, a full
/// observation write) paid when an episode is won: resets are amortised over the steps, about one
/// per 95 steps. The actions come from 64 precomputed seeded shuffled cell orders, one per episode
/// in turn; an episode is won by its order's last cell at the latest, so every action is legal,
/// and choosing one is an array read.</para>
/// <para><see cref="EncodeFromScratch"/> is <see cref="ObservationEncoder.Encode"/> and
/// <see cref="ObservationEncoder.EncodeMask"/> of one view, what a step would cost if it rebuilt
/// the observation and mask instead of writing only what changed.</para>
/// </remarks>
[MemoryDiagnoser]
public class EnvironmentBenchmarks
{
    private const int Steps = 4096;
    private const int Orders = 64;
    private const int Views = 64;

    private readonly GameRules _rules = GameRules.Standard;
    private BattleshipEnv _env = null!;
    private int[] _orders = [];
    private ulong _episode;
    private int _cursor;
    private TargetView[] _views = [];
    private float[] _observation = [];
    private byte[] _mask = [];

    /// <summary>Builds the orders and views, checks that every action is legal and that stepping allocates nothing.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _orders = Fixtures.CellOrders(_rules, Orders, Fixtures.Seed + 2);
        _env = new BattleshipEnv(_rules);

        Start();
        var length = Check(steps: 20_000);
        Console.WriteLine($"// {nameof(SingleEnvStep)}: {(double)length / _episode:F2} steps per episode (one reset each)");
        Fixtures.ThrowIfAllocates("20,000 environment steps", () => Check(steps: 20_000));
        Start();

        _views = RandomPlayViews(_rules, Views, Fixtures.Seed + 3);
        _observation = new float[ObservationEncoder.Size(_rules)];
        _mask = new byte[_rules.Cells];
    }

    /// <summary>One <see cref="BattleshipEnv.Step(int)"/> with a legal action; episode resets amortised.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public float SingleEnvStep()
    {
        var env = _env;
        var orders = _orders;
        var cells = _rules.Cells;
        var episode = _episode;
        var cursor = _cursor;
        var order = OrderStart(episode, cells);
        var sum = 0f;
        for (var s = 0; s < Steps; s++)
        {
            var result = env.Step(orders[order + cursor]);
            sum += result.Reward;
            if (result.IsDone)
            {
                episode++;
                env.Reset(Fixtures.Seed + episode);
                order = OrderStart(episode, cells);
                cursor = 0;
            }
            else
            {
                cursor++;
            }
        }
        _episode = episode;
        _cursor = cursor;
        return sum;
    }

    /// <summary>One observation and action mask encoded from scratch from a <see cref="TargetView"/>.</summary>
    [Benchmark(OperationsPerInvoke = Views)]
    public float EncodeFromScratch()
    {
        var observation = _observation;
        var mask = _mask;
        var sum = 0f;
        foreach (ref readonly var view in _views.AsSpan())
        {
            ObservationEncoder.Encode(view, observation);
            ObservationEncoder.EncodeMask(view, mask);
            sum += observation[0] + mask[^1];
        }
        return sum;
    }

    private static int OrderStart(ulong episode, int cells) => (int)(episode % Orders) * cells;

    private void Start()
    {
        _episode = 0;
        _cursor = 0;
        _env.Reset(Fixtures.Seed);
    }

    /// <summary>The benchmark's loop, checking each action against the mask and each step's outcome.</summary>
    private long Check(int steps)
    {
        var cells = _rules.Cells;
        var length = 0L;
        for (var s = 0; s < steps; s++)
        {
            var action = _orders[OrderStart(_episode, cells) + _cursor];
            if (_env.ActionMask[action] != 1)
            {
                throw new InvalidOperationException($"Action {action} is not legal.");
            }
            var result = _env.Step(action);
            if (!result.Info.IsValid || result.Truncated)
            {
                throw new InvalidOperationException($"Step {s} was {result.Info.Outcome}, truncated: {result.Truncated}.");
            }
            if (result.IsDone)
            {
                length += result.Info.EpisodeSteps;
                _episode++;
                _env.Reset(Fixtures.Seed + _episode);
                _cursor = 0;
            }
            else
            {
                _cursor++;
            }
        }
        return length;
    }

    /// <summary>Views of seeded random-play games, each taken after a uniformly random number of shots (0 to 99).</summary>
    private static TargetView[] RandomPlayViews(GameRules rules, int count, ulong seed)
    {
        var fleets = Fixtures.Fleets(rules, count, seed);
        var shots = Fixtures.ShotSequences(rules, fleets, seed + 1);
        var rng = new Rng(seed + 2);
        var ocean = new Ocean(rules);
        var length = rules.Fleet.Length;
        var cells = rules.Cells;
        var views = new TargetView[count];
        for (var g = 0; g < count; g++)
        {
            ocean.Reset(fleets.AsSpan(g * length, length));
            var fired = rng.NextInt(cells);
            foreach (var cell in shots.AsSpan(g * cells, fired))
            {
                ocean.Fire(cell);
            }
            views[g] = ocean.View;
        }
        return views;
    }
}

/// <summary>
/// <see cref="VectorEnv"/> steps into the caller's buffers: observations, masks, rewards and flags
/// written, finished episodes reset in the same step. One <see cref="VectorEnv.Step(ReadOnlySpan{int})"/>
/// is N environment steps; every figure is per environment step.
/// </summary>
/// <remarks>
/// Environment <c>i</c> fires in the order of its own seeded shuffle of the cells, from the start
/// of the order in each episode: an episode is won by the order's last cell at the latest, so
/// every action is legal. Choosing the N actions and moving the cursors on (back to 0 where the
/// step ended an episode) is timed with the step; <see cref="SelectActionsOnly"/> times that
/// bookkeeping alone.
/// </remarks>
[MemoryDiagnoser]
public class VectorEnvironmentBenchmarks
{
    /// <summary>Environment steps per invocation: 4096 / N vector steps.</summary>
    private const int EnvSteps = 4096;

    private readonly GameRules _rules = GameRules.Standard;
    private VectorEnv _env = null!;
    private int[] _orders = [];
    private int[] _cursors = [];
    private int[] _actions = [];

    /// <summary>The number of environments stepped together.</summary>
    [Params(64, 256)]
    public int N { get; set; }

    /// <summary>Builds the environments and orders, checks that every action is legal and that stepping allocates nothing.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (EnvSteps % N != 0)
        {
            throw new InvalidOperationException($"N must divide {EnvSteps}.");
        }
        _env = new VectorEnv(_rules, N);
        _orders = Fixtures.CellOrders(_rules, N, Fixtures.Seed + 4);
        _cursors = new int[N];
        _actions = new int[N];

        Start();
        var (episodes, length) = Check(rounds: 400);
        Console.WriteLine($"// {nameof(Step)}, N = {N}: {(double)length / episodes:F2} steps per episode (one reset each)");
        Fixtures.ThrowIfAllocates($"400 vector steps of {N} environments", () => Check(rounds: 400));
        Start();
    }

    /// <summary>One environment step (a <see cref="VectorEnv.Step(ReadOnlySpan{int})"/> of N, divided by N), action choice included.</summary>
    [Benchmark(OperationsPerInvoke = EnvSteps)]
    public float Step()
    {
        var env = _env;
        var buffers = env.Buffers;
        var rounds = EnvSteps / N;
        for (var r = 0; r < rounds; r++)
        {
            SelectActions();
            env.Step(_actions);
            Advance(buffers.Terminated.Span, buffers.Truncated.Span);
        }
        return buffers.Rewards.Span[0];
    }

    /// <summary>The action choice and cursor update of <see cref="Step"/> alone, per environment.</summary>
    [Benchmark(OperationsPerInvoke = EnvSteps)]
    public int SelectActionsOnly()
    {
        var buffers = _env.Buffers;
        var rounds = EnvSteps / N;
        for (var r = 0; r < rounds; r++)
        {
            SelectActions();
            Advance(buffers.Terminated.Span, buffers.Truncated.Span);
        }
        return _actions[0];
    }

    private void SelectActions()
    {
        var orders = _orders;
        var cursors = _cursors;
        var actions = _actions;
        var cells = _rules.Cells;
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i] = orders[(i * cells) + cursors[i]];
        }
    }

    /// <summary>
    /// Moves each cursor on, or back to 0 where the step ended the episode (or at the order's end,
    /// which only <see cref="SelectActionsOnly"/> reaches: a real step ends the episode first).
    /// </summary>
    private void Advance(ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated)
    {
        var cursors = _cursors;
        var cells = _rules.Cells;
        for (var i = 0; i < cursors.Length; i++)
        {
            var next = cursors[i] + 1;
            cursors[i] = (terminated[i] | truncated[i] | (next == cells)) ? 0 : next;
        }
    }

    private void Start()
    {
        _env.Reset(Fixtures.Seed);
        Array.Clear(_cursors);
    }

    /// <summary>The benchmark's loop, checking every action against the masks and every step's flags.</summary>
    private (long Episodes, long Length) Check(int rounds)
    {
        var (episodes, length) = (0L, 0L);
        var buffers = _env.Buffers;
        var cells = _rules.Cells;
        for (var r = 0; r < rounds; r++)
        {
            SelectActions();
            var masks = buffers.ActionMasks.Span;
            for (var i = 0; i < N; i++)
            {
                if (masks[(i * cells) + _actions[i]] != 1)
                {
                    throw new InvalidOperationException($"Action {_actions[i]} of environment {i} is not legal.");
                }
            }
            _env.Step(_actions);
            var terminated = buffers.Terminated.Span;
            var truncated = buffers.Truncated.Span;
            for (var i = 0; i < N; i++)
            {
                if (truncated[i])
                {
                    throw new InvalidOperationException($"Environment {i} was truncated.");
                }
                if (terminated[i])
                {
                    episodes++;
                    length += buffers.Episodes.Span[i].Length;
                }
            }
            Advance(terminated, truncated);
        }
        return (episodes, length);
    }
}
