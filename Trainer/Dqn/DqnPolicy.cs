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
/// checkpoint, <c>best/</c>, or a shipped agent such as <c>Trainer/Agents/dqn-default</c>); an
/// ensemble is a directory whose <c>members/</c> holds checkpoints, one a folder, whose Q-values the
/// agent averages (<see cref="QEnsemble"/>). Thread-safe: calls are serialised.</remarks>
public sealed class DqnPolicy : IDisposable
{
    /// <summary>The folder of an ensemble's member checkpoints.</summary>
    public const string MembersFolder = "members";

    private readonly QEnsemble _values;
    private readonly Lock _lock = new();

    private DqnPolicy(GameRules rules, DqnConfig config, IReadOnlyList<QNetwork> members, string name, bool ownsMembers)
    {
        Rules = rules;
        Config = config;
        Name = name;
        _values = new QEnsemble(rules, members, config.AverageSymmetries, ownsMembers);
    }

    /// <summary>The agent's name (as reports show it): <c>dqn</c> unless given.</summary>
    public string Name { get; }

    /// <summary>The rules the network was trained for.</summary>
    public GameRules Rules { get; }

    /// <summary>The configuration the checkpoint (an ensemble's first member) was trained with; its <see cref="DqnConfig.AverageSymmetries"/> applies to every member.</summary>
    public DqnConfig Config { get; }

    /// <summary>How many networks the agent averages (1 unless it is an ensemble).</summary>
    public int Members => _values.Members;

    public int ObservationSize => ObservationEncoder.Size(Rules);

    /// <summary>Loads the checkpoint directory <paramref name="path"/> (or its <c>online.bin</c>), or the ensemble of the checkpoints in its <c>members/</c>.</summary>
    /// <exception cref="FileNotFoundException">No checkpoint there.</exception>
    public static DqnPolicy Load(string path, string name = "dqn")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        var members = Path.Combine(directory, MembersFolder);
        string[] checkpoints =
            Directory.Exists(members) && !IsCheckpoint(directory)
                ? [.. Directory.GetDirectories(members).Order(StringComparer.Ordinal)]
                : [directory];
        if (checkpoints.Length == 0 || !checkpoints.All(IsCheckpoint))
        {
            throw new FileNotFoundException(
                $"No DQN checkpoint at '{path}': expected {DqnLearner.OnlineFileName} and {Checkpoints.ConfigFile} in one directory, or such directories in {MembersFolder}/.",
                Path.Combine(directory, DqnLearner.OnlineFileName)
            );
        }
        var rules = GameRules.Standard;
        var configs = checkpoints.Select(c => DqnConfig.Load(Path.Combine(c, Checkpoints.ConfigFile))).ToArray();
        var networks = new List<QNetwork>();
        try
        {
            for (var i = 0; i < checkpoints.Length; i++)
            {
                networks.Add(new QNetwork(rules, configs[i]));
                networks[i].load(Path.Combine(checkpoints[i], DqnLearner.OnlineFileName));
            }
            return new DqnPolicy(rules, configs[0], networks, name, ownsMembers: true);
        }
        catch
        {
            networks.ForEach(n => n.Dispose());
            throw;
        }

        static bool IsCheckpoint(string directory) =>
            File.Exists(Path.Combine(directory, DqnLearner.OnlineFileName)) && File.Exists(Path.Combine(directory, Checkpoints.ConfigFile));
    }

    /// <summary>Wraps a live network (tests, in-training evaluation); the caller keeps ownership.</summary>
    internal static DqnPolicy Wrap(GameRules rules, DqnConfig config, QNetwork network, string name = "dqn") =>
        new(rules, config, [network], name, ownsMembers: false);

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
            QInference.SelectGreedy(_values, observations, batch, actions, Name, AgentTelemetry.PolicyModes.Greedy, 0);
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
        var q = QValues(view);
        for (var cell = 0; cell < cells; cell++)
        {
            probabilities[cell] = !Bitboard.Contains(view.Unshot, cell) || float.IsNaN(q[cell]) ? 0f : Math.Clamp(q[cell], 0f, 1f);
        }
        return QInference.FirstBest(q, view.Unshot, _values.TieTolerance);
    }

    /// <summary>The Q-value of every cell (fired at or not) in <paramref name="view"/>, averaged over the ensemble's members and, when <see cref="DqnConfig.AverageSymmetries"/> says so, the board's symmetries.</summary>
    internal float[] QValues(in TargetView view)
    {
        var observation = new float[ObservationSize];
        ObservationEncoder.Encode(view, observation);
        lock (_lock)
        {
            return QInference.QValues(_values, observation, 1);
        }
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
    public void Dispose() => _values.Dispose();

    private sealed class ShotPolicy(DqnPolicy policy) : IShotPolicy
    {
        public string Name => policy.Name;

        public int SelectShot(in TargetView view, ref Rng rng) => policy.SelectShot(view);
    }
}
