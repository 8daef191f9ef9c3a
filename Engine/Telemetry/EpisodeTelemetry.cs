using System.Diagnostics;
using System.Globalization;
using Battleship.Engine.Gym;

namespace Battleship.Engine.Telemetry;

/// <summary>
/// The telemetry of one environment episode: its <see cref="EngineTelemetry.GameSpan"/> span with
/// <see cref="EngineTelemetry.EnvResetSpan"/> and <see cref="EngineTelemetry.EnvStepSpan"/>
/// children (when traced) and the environment metrics. Exists only for episodes started while
/// something listened.
/// </summary>
internal sealed class EpisodeTelemetry
{
    private readonly Activity? _episode;
    private readonly string? _episodeId;
    private readonly bool _timed;
    private Activity? _span; // the open reset or step span
    private Activity? _previous;

    private EpisodeTelemetry(Activity? episode, string? episodeId)
    {
        _episode = episode;
        _episodeId = episodeId;
        _timed = EngineTelemetry.EnvStepDuration.Enabled;
    }

    /// <summary>Starts an episode's telemetry (and its reset span), or returns null when nothing listens.</summary>
    /// <param name="episodeSeed">The seed that replays the episode; its id.</param>
    public static EpisodeTelemetry? Begin(ulong episodeSeed)
    {
        if (!EngineTelemetry.IsEnvObserved)
        {
            return null;
        }
        Activity? episode = null;
        string? id = null;
        if (EngineTelemetry.Source.HasListeners())
        {
            episode = EngineTelemetry.StartDetached(EngineTelemetry.GameSpan);
            if (episode is not null)
            {
                id = episodeSeed.ToString("x16", CultureInfo.InvariantCulture);
                episode.SetTag(EngineTelemetry.EpisodeIdAttribute, id);
                episode.SetTag(EngineTelemetry.PhaseAttribute, EngineTelemetry.PhaseName(GamePhase.InProgress));
            }
        }
        var telemetry = new EpisodeTelemetry(episode, id);
        if (episode is not null)
        {
            telemetry._span = EngineTelemetry.StartChild(EngineTelemetry.EnvResetSpan, episode, out telemetry._previous);
            telemetry._span?.SetTag(EngineTelemetry.EpisodeIdAttribute, id);
        }
        return telemetry;
    }

    /// <summary>The reset is done: ends its span and counts it.</summary>
    public void ResetDone()
    {
        EngineTelemetry.EnvResets.Add(1);
        if (_span is not null)
        {
            EngineTelemetry.End(_span, _previous);
            _span = null;
            _previous = null;
        }
    }

    /// <summary>A step starts: opens its span and returns its start timestamp (0 when not timed).</summary>
    public long StepStarting()
    {
        if (_episode is not null)
        {
            _span = EngineTelemetry.StartChild(EngineTelemetry.EnvStepSpan, _episode, out _previous);
        }
        return _timed ? Stopwatch.GetTimestamp() : 0;
    }

    /// <summary>A step is done: records its metrics and closes its span (and the episode's when it ended).</summary>
    public void StepDone(long startedAt, StepOutcome outcome, float reward, bool terminated, bool truncated, int steps)
    {
        if (startedAt != 0)
        {
            EngineTelemetry.EnvStepDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
        }
        var result = Name(outcome);
        EngineTelemetry.EnvActions.Add(1, new KeyValuePair<string, object?>(EngineTelemetry.ResultLabel, result));
        EngineTelemetry.EnvReward.Record(reward);
        var step = _span;
        if (step is not null)
        {
            step.SetTag(EngineTelemetry.EpisodeIdAttribute, _episodeId);
            step.SetTag(EngineTelemetry.ActionValidAttribute, outcome != StepOutcome.Invalid);
            step.SetTag(EngineTelemetry.TerminatedAttribute, terminated);
            step.SetTag(EngineTelemetry.TruncatedAttribute, truncated);
            step.SetTag(EngineTelemetry.RewardTypeAttribute, result);
            EngineTelemetry.End(step, _previous);
            _span = null;
            _previous = null;
        }
        if (terminated || truncated)
        {
            End(terminated ? "win" : "truncated", steps);
        }
    }

    /// <summary>The episode was reset before it ended: closes its span.</summary>
    public void Abandon(int steps) => End("abandoned", steps);

    private void End(string outcome, int steps)
    {
        if (_episode is null || _episode.IsStopped)
        {
            return;
        }
        var complete = EngineTelemetry.StartChild(EngineTelemetry.GameCompleteSpan, _episode, out var previous);
        if (complete is not null)
        {
            complete.SetTag(EngineTelemetry.EpisodeIdAttribute, _episodeId);
            EngineTelemetry.EndComplete(complete, previous, outcome, steps);
        }
        EngineTelemetry.StopFinished(_episode, outcome, steps);
    }

    private static string Name(StepOutcome outcome) =>
        outcome switch
        {
            StepOutcome.Miss => "miss",
            StepOutcome.Hit => "hit",
            StepOutcome.Sunk => "sunk",
            StepOutcome.Win => "win",
            _ => "invalid",
        };
}
