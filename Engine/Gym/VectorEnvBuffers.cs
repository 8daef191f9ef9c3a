namespace Battleship.Engine.Gym;

/// <summary>
/// The contiguous buffers a <see cref="VectorEnv"/> of <c>N</c> environments writes, each laid out
/// environment-major so that it can back (or be copied as one block into) a batched tensor.
/// </summary>
/// <remarks>
/// <para>The vector environment owns <see cref="Observations"/> and <see cref="ActionMasks"/>
/// between steps: it updates them incrementally, so the caller may read or copy them but must not
/// write to them. The other buffers are rewritten on every step for the environments stepped.</para>
/// <para>Use <see cref="Allocate"/> for managed arrays, or pass any memory of the right lengths
/// (for example memory shared with a tensor) to the constructor.</para>
/// </remarks>
/// <param name="Observations">[N, channels, rows, columns] floats: the current observation of each environment.</param>
/// <param name="ActionMasks">[N, cells] bytes: 1 for a legal action (a cell not fired at), 0 otherwise.</param>
/// <param name="Rewards">[N] floats: the reward of each environment's last step.</param>
/// <param name="Terminated">[N]: whether each environment's last step won its episode.</param>
/// <param name="Truncated">[N]: whether each environment's last step reached the step limit without winning.</param>
/// <param name="Episodes">[N]: the statistics of the episode that ended at an environment's last step; meaningful only where <paramref name="Terminated"/> or <paramref name="Truncated"/> is set (other entries keep older values).</param>
/// <param name="FinalObservations">Optional (empty to skip), [N, channels, rows, columns]: the last observation of the episode that ended at an environment's last step; meaningful only where that episode ended.</param>
public sealed record VectorEnvBuffers(
    Memory<float> Observations,
    Memory<byte> ActionMasks,
    Memory<float> Rewards,
    Memory<bool> Terminated,
    Memory<bool> Truncated,
    Memory<EpisodeStats> Episodes,
    Memory<float> FinalObservations = default
)
{
    /// <summary>Allocates managed arrays for <paramref name="count"/> environments under <paramref name="rules"/>.</summary>
    public static VectorEnvBuffers Allocate(GameRules rules, int count, bool withFinalObservations = false)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var observations = checked(count * ObservationEncoder.Size(rules));
        return new VectorEnvBuffers(
            new float[observations],
            new byte[count * rules.Cells],
            new float[count],
            new bool[count],
            new bool[count],
            new EpisodeStats[count],
            withFinalObservations ? new float[observations] : Memory<float>.Empty
        );
    }

    /// <summary>Why these buffers do not fit <paramref name="count"/> environments under <paramref name="rules"/>, or null when they do.</summary>
    internal string? Mismatch(GameRules rules, int count)
    {
        var observations = checked(count * ObservationEncoder.Size(rules));
        return Check(Observations.Length, observations, nameof(Observations))
            ?? Check(ActionMasks.Length, count * rules.Cells, nameof(ActionMasks))
            ?? Check(Rewards.Length, count, nameof(Rewards))
            ?? Check(Terminated.Length, count, nameof(Terminated))
            ?? Check(Truncated.Length, count, nameof(Truncated))
            ?? Check(Episodes.Length, count, nameof(Episodes))
            ?? (FinalObservations.IsEmpty ? null : Check(FinalObservations.Length, observations, nameof(FinalObservations)));
    }

    private static string? Check(int actual, int expected, string name) =>
        actual == expected ? null : $"{name} must hold {expected} elements, not {actual}.";
}
