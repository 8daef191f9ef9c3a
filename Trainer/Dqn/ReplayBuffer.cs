using Battleship.Engine;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// A fixed-capacity FIFO replay buffer of transitions <c>(s, a, r, s', done)</c>, each with the
/// cells of the episode's hidden fleet (for board targets, <see cref="DqnConfig.Targets"/>) and,
/// when made with <c>cells</c>, the posterior hit probability of every cell (posterior targets): when
/// full, each new transition overwrites the oldest. Sampling is uniform with replacement.
/// </summary>
/// <remarks>
/// Observations are 0/1 floats, stored as bytes (a quarter of the memory); hit probabilities as
/// half-precision floats (within 0.0005 of the stored value, far below their sampling error). Not thread-safe.
/// </remarks>
public sealed class ReplayBuffer
{
    private readonly byte[] _observations;
    private readonly byte[] _nextObservations;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _dones;
    private readonly UInt128[] _ships;
    private readonly Half[] _hitProbabilities;
    private long _added;

    /// <summary>
    /// Creates an empty buffer of <paramref name="capacity"/> transitions of observations of
    /// <paramref name="observationSize"/> floats, each with the hit probabilities of
    /// <paramref name="cells"/> cells (0: none).
    /// </summary>
    public ReplayBuffer(int capacity, int observationSize, int cells = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationSize);
        ArgumentOutOfRangeException.ThrowIfNegative(cells);
        Capacity = capacity;
        ObservationSize = observationSize;
        Cells = cells;
        _hitProbabilities = new Half[(long)capacity * cells];
        _observations = new byte[(long)capacity * observationSize];
        _nextObservations = new byte[(long)capacity * observationSize];
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _dones = new bool[capacity];
        _ships = new UInt128[capacity];
    }

    public int Capacity { get; }

    public int ObservationSize { get; }

    /// <summary>Cells of the hit probabilities each transition carries (0: none).</summary>
    public int Cells { get; }

    /// <summary>Transitions held now (at most <see cref="Capacity"/>).</summary>
    public int Count => (int)Math.Min(_added, Capacity);

    public long TotalAdded => _added;

    /// <summary>
    /// Adds a transition, overwriting the oldest when full. Observation values must be 0 or 1;
    /// <paramref name="hitProbabilities"/> holds <see cref="Cells"/> values (empty when it is 0).
    /// </summary>
    public void Add(
        ReadOnlySpan<float> observation,
        int action,
        float reward,
        ReadOnlySpan<float> nextObservation,
        bool done,
        UInt128 ships = default,
        ReadOnlySpan<float> hitProbabilities = default
    )
    {
        if (observation.Length != ObservationSize || nextObservation.Length != ObservationSize)
        {
            throw new ArgumentException($"Observations must hold {ObservationSize} floats.");
        }
        if (hitProbabilities.Length != Cells)
        {
            throw new ArgumentException($"Hit probabilities must hold {Cells} floats.", nameof(hitProbabilities));
        }
        var slot = (int)(_added % Capacity);
        var stored = _hitProbabilities.AsSpan(slot * Cells, Cells);
        for (var cell = 0; cell < Cells; cell++)
        {
            stored[cell] = (Half)hitProbabilities[cell];
        }
        Pack(observation, _observations.AsSpan(slot * ObservationSize, ObservationSize));
        Pack(nextObservation, _nextObservations.AsSpan(slot * ObservationSize, ObservationSize));
        _actions[slot] = action;
        _rewards[slot] = reward;
        _dones[slot] = done;
        _ships[slot] = ships;
        _added++;
    }

    /// <summary>Adds every transition of <paramref name="batch"/> in order.</summary>
    public void Add(TransitionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RequireShape(batch);
        var size = ObservationSize;
        for (var i = 0; i < batch.Count; i++)
        {
            Add(
                batch.Observations.AsSpan(i * size, size),
                batch.Actions[i],
                batch.Rewards[i],
                batch.NextObservations.AsSpan(i * size, size),
                batch.Dones[i],
                batch.Ships[i],
                batch.HitProbabilities.AsSpan(i * Cells, Cells)
            );
        }
    }

    /// <summary>The action of the <paramref name="age"/>-th oldest transition held (0 = oldest).</summary>
    public int ActionAt(int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(age, Count);
        var oldest = _added <= Capacity ? 0 : _added % Capacity;
        return _actions[(int)((oldest + age) % Capacity)];
    }

    /// <summary>Fills <paramref name="batch"/> with <see cref="TransitionBatch.Count"/> transitions drawn uniformly (with replacement).</summary>
    public void Sample(ref Rng rng, TransitionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Count == 0)
        {
            throw new InvalidOperationException("The replay buffer is empty.");
        }
        RequireShape(batch);
        var size = ObservationSize;
        var count = Count;
        for (var i = 0; i < batch.Count; i++)
        {
            var slot = rng.NextInt(count);
            Unpack(_observations.AsSpan(slot * size, size), batch.Observations.AsSpan(i * size, size));
            Unpack(_nextObservations.AsSpan(slot * size, size), batch.NextObservations.AsSpan(i * size, size));
            batch.Actions[i] = _actions[slot];
            batch.Rewards[i] = _rewards[slot];
            batch.Dones[i] = _dones[slot];
            batch.Ships[i] = _ships[slot];
            var probabilities = batch.HitProbabilities.AsSpan(i * Cells, Cells);
            var stored = _hitProbabilities.AsSpan(slot * Cells, Cells);
            for (var cell = 0; cell < Cells; cell++)
            {
                probabilities[cell] = (float)stored[cell];
            }
        }
    }

    private void RequireShape(TransitionBatch batch)
    {
        if (batch.ObservationSize != ObservationSize || batch.Cells != Cells)
        {
            throw new ArgumentException(
                $"The batch holds observations of {batch.ObservationSize} floats and hit probabilities of {batch.Cells} cells, not {ObservationSize} and {Cells}.",
                nameof(batch)
            );
        }
    }

    private static void Pack(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] != 0f ? (byte)1 : (byte)0;
        }
    }

    private static void Unpack(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }
}

/// <summary>
/// A batch of transitions in contiguous arrays (observation-major): what a self-play worker
/// produces and what a learner update consumes. Plain arrays so that it can travel between processes.
/// </summary>
public sealed class TransitionBatch
{
    /// <summary>
    /// Allocates room for <paramref name="count"/> transitions of <paramref name="observationSize"/>-float
    /// observations, each with the hit probabilities of <paramref name="cells"/> cells (0: none).
    /// </summary>
    public TransitionBatch(int count, int observationSize, int cells = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observationSize);
        ArgumentOutOfRangeException.ThrowIfNegative(cells);
        Count = count;
        ObservationSize = observationSize;
        Cells = cells;
        HitProbabilities = new float[count * cells];
        Observations = new float[count * observationSize];
        NextObservations = new float[count * observationSize];
        Actions = new int[count];
        Rewards = new float[count];
        Dones = new bool[count];
        Ships = new UInt128[count];
    }

    public int Count { get; }

    public int ObservationSize { get; }

    /// <summary>Cells of <see cref="HitProbabilities"/> per transition (0: none carried).</summary>
    public int Cells { get; }

    /// <summary>[Count, ObservationSize] observations before the action.</summary>
    public float[] Observations { get; }

    /// <summary>[Count, ObservationSize] observations after the action (the episode's last one when it ended).</summary>
    public float[] NextObservations { get; }

    /// <summary>[Count] actions (cells).</summary>
    public int[] Actions { get; }

    public float[] Rewards { get; }

    /// <summary>[Count] whether the action won the episode (no bootstrap from the next observation).</summary>
    public bool[] Dones { get; }

    /// <summary>[Count] the cells of the episode's hidden fleet (bit <c>c</c> set: cell <c>c</c> holds a ship); the targets of every cell under <see cref="DqnConfig.Targets"/> <c>board</c>.</summary>
    public UInt128[] Ships { get; }

    /// <summary>
    /// [Count, Cells] the posterior probability that each cell holds a ship, given the observation
    /// before the action (0 at cells fired at); the targets of every cell under
    /// <see cref="DqnConfig.Targets"/> <c>posterior</c>. Empty when <see cref="Cells"/> is 0.
    /// </summary>
    public float[] HitProbabilities { get; }
}
