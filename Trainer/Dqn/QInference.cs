using System.Diagnostics;
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
            var best = (network.BreaksNearTies ? SymmetricQ.FirstBest(q) : q.argmax(1)).data<long>();
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
}
