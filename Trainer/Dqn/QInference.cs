using System.Diagnostics;
using Battleship.Engine;
using Battleship.Engine.Gym;
using TorchSharp;
using static TorchSharp.torch;

namespace Battleship.Trainer.Dqn;

/// <summary>Batched greedy action selection with a <see cref="QNetwork"/> or a <see cref="QEnsemble"/>, masking cells already fired at.</summary>
internal static class QInference
{
    /// <summary>
    /// Writes the legal cell of highest Q-value of each of the <paramref name="batch"/> observations
    /// in <paramref name="observations"/> (exactly <paramref name="batch"/> × observation size floats)
    /// into <paramref name="actions"/>. The legal cells are the observation's unknown channel.
    /// </summary>
    public static void SelectGreedy(
        IQFunction network,
        float[] observations,
        int batch,
        Span<int> actions,
        string agentId,
        string mode,
        double epsilon
    )
    {
        using var activity = AgentTelemetry.StartSelectAction(agentId, mode, epsilon, batch);
        var started = Stopwatch.GetTimestamp();
        var cells = network.Actions;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var x = tensor(observations, [batch, network.InputChannels * cells]);
            // Scalars held until the end of the scope: an implicit conversion's temporary may be
            // finalised by the GC while the native call that reads it is still running.
            using var half = 0.5f.ToScalar();
            var legal = x.narrow(1, ObservationEncoder.UnknownChannel * cells, cells).gt(half);
            var q = QNetwork.MaskIllegal(network.Values(x), legal);
            var best = FirstBest(q, network.TieTolerance).data<long>();
            for (var i = 0; i < batch; i++)
            {
                actions[i] = (int)best[i];
            }
        }
        AgentTelemetry.InferenceDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>(AgentTelemetry.PolicyModeTag, mode)
        );
    }

    /// <summary>Q-values <c>[batch, cells]</c> of the observations, as an array (tests, diagnostics).</summary>
    public static float[] QValues(IQFunction network, float[] observations, int batch)
    {
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var x = tensor(observations, [batch, network.InputChannels * network.Actions]);
            return network.Values(x).data<float>().ToArray();
        }
    }

    /// <summary>
    /// The lowest cell of each row of <paramref name="q"/> (<c>[batch, cells]</c>, illegal cells at
    /// negative infinity) within <paramref name="tolerance"/> of the row's best (0: the first of the
    /// equal maxima, as argmax).
    /// </summary>
    public static Tensor FirstBest(Tensor q, float tolerance)
    {
        ArgumentNullException.ThrowIfNull(q);
        using var scope = NewDisposeScope();
        using var below = tolerance.ToScalar(); // held: see SelectGreedy
        var best = q.max(1, keepdim: true).values;
        // argmax returns the first of equal maxima: the lowest cell among the near-best.
        return q.ge(best.sub(below)).to(ScalarType.Int32).argmax(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The lowest open cell of <paramref name="q"/> within <paramref name="tolerance"/> of the best
    /// open cell's value, as <see cref="FirstBest(Tensor, float)"/> picks it; -1 when none is open.
    /// </summary>
    public static int FirstBest(ReadOnlySpan<float> q, UInt128 open, float tolerance)
    {
        var max = float.NegativeInfinity;
        for (var rest = open; rest != UInt128.Zero; rest &= rest - UInt128.One)
        {
            max = Math.Max(max, q[Bitboard.First(rest)]);
        }
        for (var rest = open; rest != UInt128.Zero; rest &= rest - UInt128.One)
        {
            var cell = Bitboard.First(rest);
            if (q[cell] >= max - tolerance)
            {
                return cell;
            }
        }
        return -1;
    }
}
