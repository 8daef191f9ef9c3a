namespace Battleship.Engine.Gym;

/// <summary>
/// A single-agent, Gym-style Battleship environment: the agent fires at a hidden fleet placed
/// uniformly at random for the seed given to <see cref="Reset(ulong)"/>, one shot per step, until
/// the whole fleet is sunk (terminated) or the step limit is reached (truncated).
/// </summary>
/// <remarks>
/// <para>Action space: Discrete(<see cref="GameRules.Cells"/>); action <c>a</c> fires at cell
/// <c>a</c> (<c>row * columns + column</c>). An action off the board or at a cell already fired at
/// is invalid: it pays <see cref="RewardConfig.Invalid"/>, changes neither the board, the
/// observation nor the mask, but counts as a step.</para>
/// <para>Observation: <see cref="ObservationEncoder"/> describes the tensor. The environment owns
/// <see cref="Observation"/> and <see cref="ActionMask"/> and updates them in place: read or copy
/// them between steps, and expect them to change on the next <see cref="Step(int)"/> or
/// <see cref="Reset(ulong)"/>.</para>
/// <para><see cref="Reset(ulong)"/> and <see cref="Step(int)"/> allocate nothing. Not thread-safe:
/// use one instance per thread (or a <see cref="VectorEnv"/>).</para>
/// </remarks>
public sealed class BattleshipEnv
{
    private readonly EnvCore _core;
    private readonly float[] _observation;
    private readonly byte[] _mask;

    /// <summary>Creates an environment; call <see cref="Reset(ulong)"/> before the first step.</summary>
    /// <param name="rules">The rules of the game.</param>
    /// <param name="options">Rewards and step limit; <see cref="EnvOptions.Default"/> when null.</param>
    public BattleshipEnv(GameRules rules, EnvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        Options = options ?? EnvOptions.Default;
        _core = new EnvCore(rules, Options);
        _observation = new float[ObservationEncoder.Size(rules)];
        _mask = new byte[rules.Cells];
    }

    /// <summary>The rules of the game.</summary>
    public GameRules Rules { get; }

    /// <summary>The rewards and step limit.</summary>
    public EnvOptions Options { get; }

    /// <summary>The number of actions (the board's cells).</summary>
    public int ActionCount => Rules.Cells;

    /// <summary>The step limit after which an episode is truncated.</summary>
    public int MaxSteps => _core.MaxSteps;

    /// <summary>
    /// The current observation, shape <c>[channels, rows, columns]</c> (see
    /// <see cref="ObservationEncoder"/>). Owned by the environment and updated in place.
    /// </summary>
    public ReadOnlySpan<float> Observation => _observation;

    /// <summary>The legal actions: 1 for a cell not fired at yet, 0 otherwise. Equal to the unknown channel of <see cref="Observation"/>.</summary>
    public ReadOnlySpan<byte> ActionMask => _mask;

    /// <summary>What the agent knows about the board (shots, hits, sunk ships); never the hidden ships.</summary>
    public TargetView View => _core.View;

    /// <summary>Steps taken in the current episode, invalid ones included.</summary>
    public int EpisodeSteps => _core.Steps;

    /// <summary>Valid shots fired in the current episode.</summary>
    public int ShotsFired => _core.Shots;

    /// <summary>The sum of the current episode's rewards.</summary>
    public float EpisodeReturn => _core.Return;

    /// <summary>Whether the episode is over (terminated or truncated), or was never started: the next call must be <see cref="Reset(ulong)"/>.</summary>
    public bool NeedsReset => !_core.Started || _core.Terminated || _core.Truncated;

    /// <summary>
    /// Starts an episode against the fleet that <see cref="FleetLayout.Random(GameRules, ulong)"/>
    /// draws for <paramref name="seed"/>, and returns the first observation.
    /// </summary>
    public ReadOnlySpan<float> Reset(ulong seed)
    {
        var rng = new Rng(seed);
        _core.Reset(ref rng, _observation, _mask, seed);
        return _observation;
    }

    /// <summary>
    /// Fires at cell <paramref name="action"/>. The new observation is in <see cref="Observation"/>.
    /// Throws <see cref="InvalidOperationException"/> when <see cref="NeedsReset"/>.
    /// </summary>
    public StepResult Step(int action)
    {
        if (NeedsReset)
        {
            throw new InvalidOperationException(
                _core.Started ? "The episode is over; call Reset before stepping again." : "Call Reset before the first step."
            );
        }
        var reward = _core.Step(action, _observation, _mask, out var outcome, out var error, out var sunkShip);
        return new StepResult(reward, _core.Terminated, _core.Truncated, new StepInfo(outcome, error, sunkShip, _core.Shots, _core.Steps));
    }

    /// <summary>
    /// <see cref="Step(int)"/>, then copies the new observation into <paramref name="observation"/>
    /// (which must hold <see cref="ObservationEncoder.Size"/> floats).
    /// </summary>
    public StepResult Step(int action, Span<float> observation)
    {
        if (observation.Length != _observation.Length)
        {
            throw new ArgumentException(
                $"The observation holds {_observation.Length} floats, not {observation.Length}.",
                nameof(observation)
            );
        }
        var result = Step(action);
        _observation.CopyTo(observation);
        return result;
    }
}
