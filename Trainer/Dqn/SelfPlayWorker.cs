using System.Runtime.InteropServices;
using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Engine.Policies;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// Self-play: a <see cref="VectorEnv"/> stepped with epsilon-greedy actions chosen by one batched
/// forward pass of a <see cref="QNetwork"/> per vector step, producing one transition per
/// environment per step.
/// </summary>
/// <remarks>
/// The local trainer gives it the learner's online network; a distributed worker gives it its own
/// network and refreshes it with <see cref="LoadWeights"/>. Environments are seeded as
/// <see cref="VectorEnv"/> documents, with <c>firstEnvIndex</c> so that several workers share one
/// index space. Not thread-safe.
/// </remarks>
public sealed class SelfPlayWorker
{
    private readonly QNetwork _network;
    private readonly VectorEnv _env;
    private readonly float[] _observations;
    private readonly float[] _previous;
    private readonly float[] _finals;
    private readonly byte[] _masks;
    private readonly int[] _actions;
    private readonly UInt128[] _ships;
    private readonly PosteriorPolicy? _posterior;
    private readonly float[] _hitProbabilities;
    private readonly int _cells;
    private readonly int _size;
    private readonly string _agentId;
    private readonly List<int> _episodeShots = [];
    private Rng _rng;
    private Rng _posteriorRng;

    /// <summary>
    /// Creates a worker of <see cref="DqnConfig.Environments"/> environments acting with
    /// <paramref name="network"/>. Under posterior targets each transition carries the hit
    /// probabilities of the position before its shot, from <see cref="DqnConfig.PosteriorSamples"/> sampled fleets.
    /// </summary>
    /// <param name="rules">The game's rules.</param>
    /// <param name="config">Environments, rewards, targets and seed.</param>
    /// <param name="network">The network to act with (shared, not copied).</param>
    /// <param name="seed">Seed of the fleets and of exploration (a resumed run passes a new one).</param>
    /// <param name="firstEnvIndex">Global index of this worker's first environment.</param>
    /// <param name="agentId">Reported on the select-action span.</param>
    public SelfPlayWorker(GameRules rules, DqnConfig config, QNetwork network, ulong seed, int firstEnvIndex = 0, string agentId = "dqn")
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _agentId = agentId;
        var n = config.Environments;
        var buffers = VectorEnvBuffers.Allocate(rules, n, withFinalObservations: true);
        _env = new VectorEnv(rules, n, config.EnvOptions, buffers, firstEnvIndex);
        _size = _env.ObservationSize;
        _observations = Array(buffers.Observations);
        _finals = Array(buffers.FinalObservations);
        _masks = Array(buffers.ActionMasks);
        _previous = new float[_observations.Length];
        _actions = new int[n];
        _ships = new UInt128[n];
        _cells = config.HitProbabilityCells(rules);
        _posterior = _cells > 0 ? new PosteriorPolicy(config.PosteriorSamples) : null;
        _hitProbabilities = new float[n * _cells];
        _rng = Rng.ForStream(seed, 0xE4_91_0A7E ^ (ulong)firstEnvIndex);
        _posteriorRng = Rng.ForStream(seed, 0x9057_E810 ^ (ulong)firstEnvIndex);
        _env.Reset(seed);
    }

    public int Environments => _env.Count;

    public int ObservationSize => _size;

    public long Episodes { get; private set; }

    /// <summary>Returns and forgets the shots-to-win of the episodes finished since the last call.</summary>
    public IReadOnlyList<int> TakeEpisodeShots()
    {
        var shots = _episodeShots.ToArray();
        _episodeShots.Clear();
        return shots;
    }

    /// <summary>Replaces the acting network's weights with <paramref name="weights"/> (from <see cref="DqnLearner.ExportWeights"/>).</summary>
    public void LoadWeights(byte[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var stream = new MemoryStream(weights, writable: false);
        _network.load(stream);
    }

    /// <summary>One vector step with exploration rate <paramref name="epsilon"/>; its transitions go to <paramref name="buffer"/>.</summary>
    public void Step(double epsilon, ReplayBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        StepCore(epsilon);
        for (var i = 0; i < _actions.Length; i++)
        {
            buffer.Add(Previous(i), _actions[i], RewardOf(i), Next(i), DoneOf(i), _ships[i], HitProbabilitiesOf(i));
        }
    }

    /// <summary>
    /// <paramref name="vectorSteps"/> vector steps with exploration rate <paramref name="epsilon"/>;
    /// returns their transitions (environment-major within each step) for a learner elsewhere.
    /// </summary>
    public TransitionBatch Collect(int vectorSteps, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vectorSteps);
        var n = _actions.Length;
        var batch = new TransitionBatch(vectorSteps * n, _size, _cells);
        for (var t = 0; t < vectorSteps; t++)
        {
            StepCore(epsilon);
            for (var i = 0; i < n; i++)
            {
                var k = (t * n) + i;
                Previous(i).CopyTo(batch.Observations.AsSpan(k * _size, _size));
                Next(i).CopyTo(batch.NextObservations.AsSpan(k * _size, _size));
                batch.Actions[k] = _actions[i];
                batch.Rewards[k] = RewardOf(i);
                batch.Dones[k] = DoneOf(i);
                batch.Ships[k] = _ships[i];
                HitProbabilitiesOf(i).CopyTo(batch.HitProbabilities.AsSpan(k * _cells, _cells));
            }
        }
        return batch;
    }

    private void StepCore(double epsilon)
    {
        var n = _actions.Length;
        _observations.CopyTo(_previous, 0);
        var mode = epsilon > 0 ? AgentTelemetry.PolicyModes.EpsilonGreedy : AgentTelemetry.PolicyModes.Greedy;
        QInference.SelectGreedy(_network, _observations, n, _actions, _agentId, mode, epsilon);
        if (epsilon > 0)
        {
            var cells = _env.ActionCount;
            for (var i = 0; i < n; i++)
            {
                if (_rng.NextDouble() < epsilon)
                {
                    _actions[i] = RandomLegal(_masks.AsSpan(i * cells, cells), ref _rng);
                }
            }
        }
        for (var i = 0; i < n; i++)
        {
            _ships[i] = _env.HiddenShips(i); // before the step: an episode that ends is reset to a new fleet
            if (_posterior is not null)
            {
                EstimateHitProbabilities(i);
            }
        }
        _env.Step(_actions);
        var terminated = _env.Buffers.Terminated.Span;
        var truncated = _env.Buffers.Truncated.Span;
        var episodes = _env.Buffers.Episodes.Span;
        for (var i = 0; i < n; i++)
        {
            if (terminated[i] || truncated[i])
            {
                Episodes++;
                if (episodes[i].Won)
                {
                    _episodeShots.Add(episodes[i].Shots);
                }
            }
        }
    }

    /// <summary>
    /// The posterior hit probabilities of environment <paramref name="i"/>'s position; when the
    /// sampler finds no consistent fleet within its budgets (rare), the hidden fleet's own cells, a
    /// one-fleet sample of the same posterior.
    /// </summary>
    private void EstimateHitProbabilities(int i)
    {
        var row = _hitProbabilities.AsSpan(i * _cells, _cells);
        var view = _env.View(i);
        if (_posterior!.HitProbabilities(view, ref _posteriorRng, row) == 0)
        {
            var afloat = _ships[i] & view.Unshot;
            for (var cell = 0; cell < _cells; cell++)
            {
                row[cell] = Bitboard.Contains(afloat, cell) ? 1f : 0f;
            }
        }
    }

    private ReadOnlySpan<float> HitProbabilitiesOf(int i) => _hitProbabilities.AsSpan(i * _cells, _cells);

    private ReadOnlySpan<float> Previous(int i) => _previous.AsSpan(i * _size, _size);

    private ReadOnlySpan<float> Next(int i)
    {
        var ended = _env.Buffers.Terminated.Span[i] || _env.Buffers.Truncated.Span[i];
        return (ended ? _finals : _observations).AsSpan(i * _size, _size);
    }

    private float RewardOf(int i) => _env.Buffers.Rewards.Span[i];

    private bool DoneOf(int i) => _env.Buffers.Terminated.Span[i];

    private static int RandomLegal(ReadOnlySpan<byte> mask, ref Rng rng)
    {
        var legal = 0;
        foreach (var m in mask)
        {
            legal += m;
        }
        var pick = rng.NextInt(legal);
        for (var cell = 0; cell < mask.Length; cell++)
        {
            if (mask[cell] != 0 && pick-- == 0)
            {
                return cell;
            }
        }
        throw new InvalidOperationException("No legal action.");
    }

    private static T[] Array<T>(Memory<T> memory) =>
        MemoryMarshal.TryGetArray<T>(memory, out var segment) && segment.Offset == 0 && segment.Array!.Length == memory.Length
            ? segment.Array
            : throw new InvalidOperationException("Expected whole-array buffers.");
}
