using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// The agent's telemetry names, in one place: the <c>Battleship.Agent</c> activity source and meter
/// and their instruments. Instrument names are OpenTelemetry-style; the Prometheus exporter turns
/// them into the names of the specification (dots to underscores, the unit <c>s</c> as a
/// <c>_seconds</c> suffix, <c>_total</c> after a counter).
/// </summary>
public static class AgentTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Battleship.Agent";

    /// <summary>Span around one (batched) action selection.</summary>
    public const string SelectActionSpan = "battleship.agent.select_action";

    /// <summary>Span around one learner update.</summary>
    public const string TrainStepSpan = "battleship.agent.train_step";

    /// <summary>Counter of learner updates: <c>battleship_agent_training_steps_total</c>.</summary>
    public const string TrainingStepsInstrument = "battleship.agent.training.steps";

    /// <summary>Histogram of action-selection latency in seconds: <c>battleship_agent_inference_duration_seconds</c>.</summary>
    public const string InferenceDurationInstrument = "battleship.agent.inference.duration";

    /// <summary>Histogram of the learner's loss: <c>battleship_agent_training_loss</c>.</summary>
    public const string TrainingLossInstrument = "battleship.agent.training.loss";

    /// <summary>Histogram of learner-update latency in seconds: <c>battleship_agent_training_step_duration_seconds</c>.</summary>
    public const string TrainingStepDurationInstrument = "battleship.agent.training.step.duration";

    /// <summary>Span tag: which agent (a run or checkpoint name). Never a metric label.</summary>
    public const string AgentIdTag = "agent_id";

    /// <summary>Span and metric tag: <see cref="PolicyModes"/>.</summary>
    public const string PolicyModeTag = "policy_mode";

    /// <summary>Span tag: the exploration rate, rounded to 3 decimals.</summary>
    public const string EpsilonTag = "epsilon";

    /// <summary>Span tag: observations in the batch.</summary>
    public const string BatchSizeTag = "batch_size";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    public static Counter<long> TrainingSteps { get; } =
        Meter.CreateCounter<long>(TrainingStepsInstrument, description: "Learner updates (gradient steps) of the DQN agent.");

    /// <summary>Seconds per batched action selection.</summary>
    public static Histogram<double> InferenceDuration { get; } =
        Meter.CreateHistogram<double>(InferenceDurationInstrument, unit: "s", description: "Duration of one batched action selection.");

    /// <summary>Loss of each learner update.</summary>
    public static Histogram<double> TrainingLoss { get; } =
        Meter.CreateHistogram<double>(TrainingLossInstrument, description: "Huber loss of each learner update.");

    public static Histogram<double> TrainingStepDuration { get; } =
        Meter.CreateHistogram<double>(TrainingStepDurationInstrument, unit: "s", description: "Duration of one learner update.");

    /// <summary>The values of the <see cref="PolicyModeTag"/> tag.</summary>
    public static class PolicyModes
    {
        /// <summary>Exploring self-play (epsilon-greedy).</summary>
        public const string EpsilonGreedy = "epsilon_greedy";

        /// <summary>Pure exploitation (evaluation, matches).</summary>
        public const string Greedy = "greedy";

        public const string Learner = "learner";
    }

    /// <summary>Starts a <see cref="SelectActionSpan"/> (null when nobody listens).</summary>
    internal static Activity? StartSelectAction(string agentId, string mode, double epsilon, int batchSize) =>
        Start(SelectActionSpan, agentId, mode, epsilon, batchSize);

    /// <summary>Starts a <see cref="TrainStepSpan"/> (null when nobody listens).</summary>
    internal static Activity? StartTrainStep(string agentId, double epsilon, int batchSize) =>
        Start(TrainStepSpan, agentId, PolicyModes.Learner, epsilon, batchSize);

    private static Activity? Start(string name, string agentId, string mode, double epsilon, int batchSize)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(AgentIdTag, agentId);
            activity.SetTag(PolicyModeTag, mode);
            activity.SetTag(EpsilonTag, Math.Round(epsilon, 3).ToString("0.###", CultureInfo.InvariantCulture));
            activity.SetTag(BatchSizeTag, batchSize);
        }
        return activity;
    }
}
