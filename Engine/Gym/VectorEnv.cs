namespace Battleship.Engine.Gym;

/// <summary>
/// <c>N</c> <see cref="BattleshipEnv"/>-like environments stepped together, writing straight into
/// the contiguous buffers of a <see cref="VectorEnvBuffers"/>, with automatic reset.
/// </summary>
/// <remarks>
/// <para><b>Auto-reset, in the same step.</b> When environment <c>i</c>'s episode ends at a step
/// (terminated or truncated), that step's reward and flags are reported for <c>i</c>, the
/// episode's <see cref="EpisodeStats"/> are written to <see cref="VectorEnvBuffers.Episodes"/>
/// (and its last observation to <see cref="VectorEnvBuffers.FinalObservations"/> when that buffer
/// is given), and the observation and mask written for <c>i</c> are already the first ones of its
/// next episode. The next action for <c>i</c> is therefore the first action of a new episode.</para>
/// <para><b>Seeding.</b> <see cref="Reset(ulong)"/> gives environment <c>i</c>'s <c>k</c>-th
/// episode the fleet of <see cref="BattleshipEnv.Reset(ulong)"/> with seed
/// <see cref="EpisodeSeed"/>(seed, <see cref="FirstEnvIndex"/> + i, k): it depends on nothing else,
/// so results do not depend on the batch size, on how the batch is split across calls or threads,
/// or on the order of those calls.</para>
/// <para><b>Threads.</b> <see cref="Step(int, ReadOnlySpan{int})"/> touches only the state and
/// buffer slices of the environments it steps, so disjoint ranges may be stepped concurrently.
/// Anything else needs one caller at a time. Nothing allocates after construction.</para>
/// </remarks>
public sealed class VectorEnv
{
    private readonly EnvCore[] _cores;
    private readonly ulong[] _envSeeds;
    private readonly long[] _episodes;
    private readonly int _observationSize;
    private readonly int _cells;

    /// <summary>Creates <paramref name="count"/> environments; call <see cref="Reset(ulong)"/> before the first step.</summary>
    /// <param name="rules">The rules of every environment.</param>
    /// <param name="count">The number of environments, N.</param>
    /// <param name="options">Rewards and step limit; <see cref="EnvOptions.Default"/> when null.</param>
    /// <param name="buffers">Where to write; <see cref="VectorEnvBuffers.Allocate"/> (without final observations) when null.</param>
    /// <param name="firstEnvIndex">The global index of environment 0, used only for seeding: N environments from index F draw the same episodes as environments F to F + N - 1 of a larger vector environment.</param>
    public VectorEnv(GameRules rules, int count, EnvOptions? options = null, VectorEnvBuffers? buffers = null, int firstEnvIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstEnvIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstEnvIndex, int.MaxValue - count);
        Rules = rules;
        Count = count;
        FirstEnvIndex = firstEnvIndex;
        Options = options ?? EnvOptions.Default;
        Buffers = buffers ?? VectorEnvBuffers.Allocate(rules, count);
        if (Buffers.Mismatch(rules, count) is { } mismatch)
        {
            throw new ArgumentException(mismatch, nameof(buffers));
        }
        _observationSize = ObservationEncoder.Size(rules);
        _cells = rules.Cells;
        _cores = new EnvCore[count];
        for (var i = 0; i < count; i++)
        {
            _cores[i] = new EnvCore(rules, Options);
        }
        _envSeeds = new ulong[count];
        _episodes = new long[count];
    }

    /// <summary>The rules of every environment.</summary>
    public GameRules Rules { get; }

    /// <summary>The rewards and step limit.</summary>
    public EnvOptions Options { get; }

    /// <summary>The number of environments, N.</summary>
    public int Count { get; }

    /// <summary>The global index of environment 0, used for seeding.</summary>
    public int FirstEnvIndex { get; }

    /// <summary>The buffers written by <see cref="Reset(ulong)"/> and the steps.</summary>
    public VectorEnvBuffers Buffers { get; }

    /// <summary>The number of actions per environment (the board's cells).</summary>
    public int ActionCount => _cells;

    /// <summary>The number of floats of one environment's observation.</summary>
    public int ObservationSize => _observationSize;

    /// <summary>
    /// The seed of environment <paramref name="envIndex"/>'s <paramref name="episode"/>-th episode
    /// (both 0-based) after <see cref="Reset(ulong)"/> with <paramref name="seed"/>: that episode
    /// plays exactly like <see cref="BattleshipEnv.Reset(ulong)"/> with the returned seed.
    /// </summary>
    public static ulong EpisodeSeed(ulong seed, int envIndex, long episode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(envIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(episode);
        return EpisodeSeedOf(EnvSeed(seed, envIndex), episode);
    }

    /// <summary>What environment <paramref name="env"/> (0-based, local) knows about its board.</summary>
    public TargetView View(int env) => _cores[env].View;

    /// <summary>
    /// The cells of environment <paramref name="env"/>'s hidden fleet in its current episode. In a
    /// simulation the outcome of every shot the agent did not fire is known too, which a trainer may
    /// learn from (a target for every cell, not only the one fired at); never shown to a player.
    /// </summary>
    public UInt128 HiddenShips(int env) => _cores[env].Ships;

    /// <summary>
    /// Starts episode 0 of every environment, writes every observation and mask, and clears the
    /// rewards and flags.
    /// </summary>
    public void Reset(ulong seed)
    {
        var observations = Buffers.Observations.Span;
        var masks = Buffers.ActionMasks.Span;
        for (var i = 0; i < Count; i++)
        {
            _envSeeds[i] = EnvSeed(seed, FirstEnvIndex + i);
            _episodes[i] = 0;
            var episodeSeed = EpisodeSeedOf(_envSeeds[i], 0);
            var rng = new Rng(episodeSeed);
            _cores[i]
                .Reset(ref rng, observations.Slice(i * _observationSize, _observationSize), masks.Slice(i * _cells, _cells), episodeSeed);
        }
        Buffers.Rewards.Span.Clear();
        Buffers.Terminated.Span.Clear();
        Buffers.Truncated.Span.Clear();
    }

    /// <summary>Steps every environment: <paramref name="actions"/>[i] is environment i's action (N actions).</summary>
    public void Step(ReadOnlySpan<int> actions)
    {
        if (actions.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} actions, got {actions.Length}.", nameof(actions));
        }
        Step(0, actions);
    }

    /// <summary>
    /// Steps environments <paramref name="start"/> to <paramref name="start"/> +
    /// <paramref name="actions"/>.Length - 1 only, <paramref name="actions"/>[j] being environment
    /// <paramref name="start"/> + j's action, and writes only their slices of the buffers.
    /// </summary>
    public void Step(int start, ReadOnlySpan<int> actions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(actions.Length, Count - start, nameof(actions));
        var cores = _cores;
        for (var j = 0; j < actions.Length; j++)
        {
            if (!cores[start + j].Started)
            {
                throw new InvalidOperationException("Call Reset before the first step.");
            }
        }

        var observations = Buffers.Observations.Span;
        var masks = Buffers.ActionMasks.Span;
        var rewards = Buffers.Rewards.Span;
        var terminated = Buffers.Terminated.Span;
        var truncated = Buffers.Truncated.Span;
        var size = _observationSize;
        var cells = _cells;
        for (var j = 0; j < actions.Length; j++)
        {
            var i = start + j;
            var core = cores[i];
            var observation = observations.Slice(i * size, size);
            var mask = masks.Slice(i * cells, cells);
            rewards[i] = core.Step(actions[j], observation, mask, out _, out _, out _);
            var ended = core.Terminated || core.Truncated;
            terminated[i] = core.Terminated;
            truncated[i] = core.Truncated;
            if (ended)
            {
                EndEpisode(i, core, observation, mask);
            }
        }
    }

    private void EndEpisode(int i, EnvCore core, Span<float> observation, Span<byte> mask)
    {
        Buffers.Episodes.Span[i] = new EpisodeStats(core.Steps, core.Return, core.Shots, core.Terminated);
        var finals = Buffers.FinalObservations;
        if (!finals.IsEmpty)
        {
            observation.CopyTo(finals.Span.Slice(i * _observationSize, _observationSize));
        }
        var episode = ++_episodes[i];
        var episodeSeed = EpisodeSeedOf(_envSeeds[i], episode);
        var rng = new Rng(episodeSeed);
        core.Reset(ref rng, observation, mask, episodeSeed);
    }

    private static ulong EnvSeed(ulong seed, int envIndex) => Rng.ForStream(seed, (ulong)envIndex).NextUInt64();

    private static ulong EpisodeSeedOf(ulong envSeed, long episode) => Rng.ForStream(envSeed, (ulong)episode).NextUInt64();
}
