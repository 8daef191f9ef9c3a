using System.Diagnostics;
using System.Diagnostics.Metrics;
using Battleship.Engine;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public void SelfPlayAndLearner_EmitTheSpecifiedSpans()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var learner = new DqnLearner(GameRules.Standard, TestConfig.Tiny, agentId: "run-7");
        var worker = new SelfPlayWorker(GameRules.Standard, TestConfig.Tiny, learner.Online, seed: 1, agentId: "run-7");
        var buffer = new ReplayBuffer(1_000, worker.ObservationSize);

        worker.Step(0.12345, buffer);
        learner.Epsilon = 0.5;
        learner.TrainStep(buffer);

        var select = Assert.Single(spans, s => s.OperationName == AgentTelemetry.SelectActionSpan);
        Assert.Equal("run-7", select.GetTagItem("agent_id"));
        Assert.Equal("epsilon_greedy", select.GetTagItem("policy_mode"));
        Assert.Equal("0.123", select.GetTagItem("epsilon"));
        Assert.Equal(32, select.GetTagItem("batch_size"));
        var train = Assert.Single(spans, s => s.OperationName == AgentTelemetry.TrainStepSpan);
        Assert.Equal("run-7", train.GetTagItem("agent_id"));
        Assert.Equal("learner", train.GetTagItem("policy_mode"));
        Assert.Equal("0.5", train.GetTagItem("epsilon"));
        Assert.Equal(32, train.GetTagItem("batch_size"));
    }

    [Fact]
    public void Metrics_AreRecordedUnderTheSpecifiedPrometheusNames()
    {
        var seen = new List<(string Prometheus, double Value, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AgentTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((PrometheusName(i), v, tags.ToArray())));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((PrometheusName(i), v, tags.ToArray())));
        listener.Start();
        using var learner = new DqnLearner(GameRules.Standard, TestConfig.Tiny);
        var worker = new SelfPlayWorker(GameRules.Standard, TestConfig.Tiny, learner.Online, seed: 1);
        var buffer = new ReplayBuffer(1_000, worker.ObservationSize);

        worker.Step(0.0, buffer);
        var loss = learner.TrainStep(buffer);

        Assert.Equal(
            [
                "battleship_agent_inference_duration_seconds",
                "battleship_agent_training_loss",
                "battleship_agent_training_step_duration_seconds",
                "battleship_agent_training_steps_total",
            ],
            seen.Select(s => s.Prometheus).Distinct().Order(StringComparer.Ordinal)
        );
        Assert.Equal(1, seen.Single(s => s.Prometheus == "battleship_agent_training_steps_total").Value);
        Assert.Equal(loss, seen.Single(s => s.Prometheus == "battleship_agent_training_loss").Value);
        var inference = seen.Single(s => s.Prometheus == "battleship_agent_inference_duration_seconds");
        Assert.Equal([new("policy_mode", "greedy")], inference.Tags);
    }

    /// <summary>
    /// The OpenTelemetry Prometheus exporter's naming: dots become underscores, a unit of seconds
    /// adds <c>_seconds</c>, and a counter ends in <c>_total</c>.
    /// </summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }
        return instrument is Counter<long> ? name + "_total" : name;
    }
}
