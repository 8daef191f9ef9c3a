using Battleship.Engine;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Gym;
using Battleship.Engine.Policies;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// A trained DQN agent loaded from a checkpoint: greedy over the Q-values of the legal cells.
/// Batched (<see cref="SelectShots"/>) for self-play and evaluation, and one shot at a time through
/// <see cref="AsShotPolicy"/> for matches and the <c>evaluate</c> command.
/// </summary>
/// <remarks>A checkpoint is a directory holding <c>online.bin</c> and <c>config.json</c> (a training
/// checkpoint, <c>best/</c>, or a shipped agent such as <c>Trainer/Agents/dqn-default</c>).
/// Thread-safe: calls are serialised.</remarks>
public sealed class DqnPolicy : IDisposable
{
    private readonly QNetwork _network;
    private readonly Lock _lock = new();

    private DqnPolicy(GameRules rules, DqnConfig config, QNetwork network, string name)
    {
        Rules = rules;
        Config = config;
        _network = network;
        Name = name;
        _network.eval();
    }

    /// <summary>The agent's name (as reports show it): <c>dqn</c> unless given.</summary>
    public string Name { get; }

    /// <summary>The rules the network was trained for.</summary>
    public GameRules Rules { get; }

    /// <summary>The configuration the checkpoint was trained with (the network's shape).</summary>
    public DqnConfig Config { get; }

    public int ObservationSize => ObservationEncoder.Size(Rules);

    /// <summary>Loads the checkpoint directory <paramref name="path"/> (or its <c>online.bin</c>).</summary>
    /// <exception cref="FileNotFoundException">No checkpoint there.</exception>
    public static DqnPolicy Load(string path, string name = "dqn")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        var weights = Path.Combine(directory, DqnLearner.OnlineFileName);
        var configPath = Path.Combine(directory, Checkpoints.ConfigFile);
        if (!File.Exists(weights) || !File.Exists(configPath))
        {
            throw new FileNotFoundException(
                $"No DQN checkpoint at '{path}': expected {DqnLearner.OnlineFileName} and {Checkpoints.ConfigFile} in one directory.",
                weights
            );
        }
        var config = DqnConfig.Load(configPath);
        var rules = GameRules.Standard;
        var network = new QNetwork(rules, config);
        network.load(weights);
        return new DqnPolicy(rules, config, network, name);
    }

    /// <summary>Wraps a live network (tests, in-training evaluation); the caller keeps ownership.</summary>
    internal static DqnPolicy Wrap(GameRules rules, DqnConfig config, QNetwork network, string name = "dqn") =>
        new(rules, config, network, name) { _borrowed = true };

    private bool _borrowed;

    /// <summary>
    /// The legal cell of highest Q-value for each of <paramref name="batch"/> observations laid out
    /// as <see cref="ObservationEncoder"/> and <see cref="VectorEnvBuffers.Observations"/> do; the
    /// legal cells are each observation's unknown channel.
    /// </summary>
    public void SelectShots(float[] observations, int batch, Span<int> actions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (observations.Length != batch * ObservationSize || actions.Length < batch)
        {
            throw new ArgumentException($"Expected {batch} observations of {ObservationSize} floats and room for {batch} actions.");
        }
        lock (_lock)
        {
            QInference.SelectGreedy(_network, observations, batch, actions, Name, AgentTelemetry.PolicyModes.Greedy, 0);
        }
    }

    /// <summary>The shot for one view (any match state).</summary>
    public int SelectShot(in TargetView view)
    {
        if (view.Unshot == UInt128.Zero)
        {
            throw new ArgumentException("Every cell has been fired at.", nameof(view));
        }
        var observation = new float[ObservationSize];
        ObservationEncoder.Encode(view, observation);
        Span<int> action = stackalloc int[1];
        SelectShots(observation, 1, action);
        return action[0];
    }

    /// <summary>
    /// The network's view of one position: its Q-values as hit probabilities (trained with γ = 0
    /// and a reward of 1 per hit, 0 per miss, a Q-value estimates the chance that the shot hits),
    /// clamped to [0, 1] and 0 for cells fired at, written to <paramref name="probabilities"/>;
    /// returns its greedy shot (the open cell of highest Q-value, as <see cref="SelectShot"/>).
    /// </summary>
    public int HitProbabilities(in TargetView view, Span<float> probabilities)
    {
        var cells = Rules.Cells;
        if (view.Unshot == UInt128.Zero)
        {
            throw new ArgumentException("Every cell has been fired at.", nameof(view));
        }
        if (probabilities.Length < cells)
        {
            throw new ArgumentException($"Room for {cells} probabilities is needed.", nameof(probabilities));
        }
        var observation = new float[ObservationSize];
        ObservationEncoder.Encode(view, observation);
        float[] q;
        lock (_lock)
        {
            q = QInference.QValues(_network, observation, 1);
        }
        var best = -1;
        for (var cell = 0; cell < cells; cell++)
        {
            if (!Bitboard.Contains(view.Unshot, cell))
            {
                probabilities[cell] = 0f;
                continue;
            }
            probabilities[cell] = float.IsNaN(q[cell]) ? 0f : Math.Clamp(q[cell], 0f, 1f);
            if (best < 0 || q[cell] > q[best])
            {
                best = cell;
            }
        }
        return best;
    }

    /// <summary>This agent as an <see cref="IShotPolicy"/> (its tie-break generator is unused: the policy is deterministic).</summary>
    public IShotPolicy AsShotPolicy() => new ShotPolicy(this);

    /// <summary>
    /// Plays <paramref name="games"/> games on the fleets <see cref="PolicyEvaluator"/> draws for
    /// <paramref name="seed"/> (game i: stream (seed, i)), all in lockstep with batched inference,
    /// and reports shots to win, comparable game by game with the baselines' reports.
    /// </summary>
    public EvaluationReport Evaluate(int games, ulong seed, int batch = 512, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(games);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var rules = Rules;
        var slots = Math.Min(batch, games);
        var size = ObservationSize;
        var oceans = new Ocean[slots];
        var gameOf = new int[slots];
        var observations = new float[slots * size];
        var actions = new int[slots];
        var shots = new int[games];
        var fleet = new UInt128[rules.Fleet.Length];
        var next = 0;
        var active = 0;
        for (var s = 0; s < slots; s++)
        {
            oceans[s] = new Ocean(rules);
            Start(s);
        }
        while (active > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var s = 0; s < slots; s++)
            {
                if (gameOf[s] >= 0)
                {
                    ObservationEncoder.Encode(oceans[s].View, observations.AsSpan(s * size, size));
                }
            }
            SelectShots(observations, slots, actions);
            for (var s = 0; s < slots; s++)
            {
                if (gameOf[s] < 0)
                {
                    continue;
                }
                var error = oceans[s].TryFire(actions[s], out _);
                if (error != MoveError.None)
                {
                    throw new InvalidOperationException($"The DQN chose cell {actions[s]}, which was refused: {error}.");
                }
                if (oceans[s].AllSunk)
                {
                    shots[gameOf[s]] = oceans[s].ShotCount;
                    active--;
                    Start(s);
                }
            }
        }
        return new EvaluationReport(Name, seed, shots);

        void Start(int s)
        {
            if (next >= games)
            {
                gameOf[s] = -1;
                observations.AsSpan(s * size, size).Clear();
                observations[s * size] = 1f; // keep one legal cell so that the idle slot's argmax is defined
                return;
            }
            var rng = Rng.ForStream(seed, (ulong)next);
            FleetLayout.SampleMasks(rules, ref rng, fleet);
            oceans[s].Reset(fleet);
            gameOf[s] = next++;
            active++;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_borrowed)
        {
            _network.Dispose();
        }
    }

    private sealed class ShotPolicy(DqnPolicy policy) : IShotPolicy
    {
        public string Name => policy.Name;

        public int SelectShot(in TargetView view, ref Rng rng) => policy.SelectShot(view);
    }
}
