using System.Diagnostics;
using Battleship.Engine.Gym;
using static TorchSharp.torch;

namespace Battleship.Trainer.Dqn;

/// <summary>Batched greedy action selection with a <see cref="QNetwork"/>, masking cells already fired at.</summary>
internal static class QInference
{
    /// <summary>
    /// Writes the legal cell of highest Q-value of each of the <paramref name="batch"/> observations
    /// in <paramref name="observations"/> (exactly <paramref name="batch"/> × observation size floats)
    /// into <paramref name="actions"/>. The legal cells are the observation's unknown channel.
    /// </summary>
    public static void SelectGreedy(
        QNetwork network,
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
            var legal = x.narrow(1, ObservationEncoder.UnknownChannel * cells, cells).gt(0.5f);
            var q = QNetwork.MaskIllegal(network.call(x), legal);
            var best = q.argmax(1).data<long>();
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
    public static float[] QValues(QNetwork network, float[] observations, int batch)
    {
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var x = tensor(observations, [batch, network.InputChannels * network.Actions]);
            return network.call(x).data<float>().ToArray();
        }
    }
}
