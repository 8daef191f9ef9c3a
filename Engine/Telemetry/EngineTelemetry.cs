using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Battleship.Engine.Telemetry;

/// <summary>
/// The engine's telemetry names: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both
/// named <see cref="Name"/>, with the span, instrument, attribute and label names of the
/// specification (docs/telemetry.md). The engine only uses the BCL types; the host's
/// ServiceDefaults decides whether anything listens.
/// </summary>
/// <remarks>
/// <para>Cost: a game (<see cref="BattleshipGame"/>) or an environment episode asks once, when it
/// starts, whether anything listens (<see cref="IsGameObserved"/>, <see cref="IsEnvObserved"/>);
/// when nothing does, each shot or step pays one null check and allocates nothing. A listener that
/// attaches mid-game sees the games and episodes that start after it.</para>
/// <para>Building with the MSBuild property <c>BattleshipTelemetry=false</c> compiles the hooks
/// out (constant <c>BATTLESHIP_NO_TELEMETRY</c>); the benchmarks compare both builds.</para>
/// </remarks>
public static class EngineTelemetry
{
    /// <summary>The name of the engine's activity source and meter.</summary>
    public const string Name = "Battleship.Engine";

    /// <summary>Span of one whole game or environment episode; the parent of the other engine spans.</summary>
    public const string GameSpan = "battleship.engine.game";

    /// <summary>Span of a fleet placed at random for a player.</summary>
    public const string SetupRandomSpan = "battleship.engine.setup_random";

    /// <summary>Span of one shot (accepted or refused).</summary>
    public const string MakeMoveSpan = "battleship.engine.make_move";

    /// <summary>Span of the end of a game: a win, a resignation, or an episode's truncation.</summary>
    public const string GameCompleteSpan = "battleship.engine.game_complete";

    /// <summary>Span of an environment reset (a new episode's fleet and first observation).</summary>
    public const string EnvResetSpan = "battleship.env.reset";

    /// <summary>Span of one environment step.</summary>
    public const string EnvStepSpan = "battleship.env.step";

    /// <summary>Instrument <c>battleship.game.started</c>: games whose fleets are both placed (Prometheus <c>battleship_game_started_total</c>).</summary>
    public const string GamesStartedInstrument = "battleship.game.started";

    /// <summary>Instrument <c>battleship.game.completed</c> by <see cref="OutcomeLabel"/> (Prometheus <c>battleship_game_completed_total</c>).</summary>
    public const string GamesCompletedInstrument = "battleship.game.completed";

    /// <summary>Instrument <c>battleship.shots</c> by <see cref="ResultLabel"/> and <see cref="PlayerLabel"/> (Prometheus <c>battleship_shots_total</c>).</summary>
    public const string ShotsInstrument = "battleship.shots";

    /// <summary>Histogram <c>battleship.game.duration</c> in seconds, from the start of play to the end (Prometheus <c>battleship_game_duration_seconds</c>).</summary>
    public const string GameDurationInstrument = "battleship.game.duration";

    /// <summary>Instrument <c>battleship.env.actions</c> by <see cref="ResultLabel"/> (Prometheus <c>battleship_env_actions_total</c>).</summary>
    public const string EnvActionsInstrument = "battleship.env.actions";

    /// <summary>Instrument <c>battleship.env.resets</c> (Prometheus <c>battleship_env_resets_total</c>).</summary>
    public const string EnvResetsInstrument = "battleship.env.resets";

    /// <summary>Histogram <c>battleship.env.step.duration</c> in seconds (Prometheus <c>battleship_env_step_duration_seconds</c>).</summary>
    public const string EnvStepDurationInstrument = "battleship.env.step.duration";

    /// <summary>Histogram <c>battleship.env.reward.value</c> of each step's reward (Prometheus <c>battleship_env_reward_value</c>).</summary>
    public const string EnvRewardInstrument = "battleship.env.reward.value";

    /// <summary>Metric label and span attribute: <c>one</c> or <c>two</c>.</summary>
    public const string PlayerLabel = "player";

    /// <summary>Metric label: <c>miss</c>, <c>hit</c>, <c>sunk</c>, <c>win</c> or <c>invalid</c>.</summary>
    public const string ResultLabel = "result";

    /// <summary>Metric label and span attribute: <c>win</c>, <c>resign</c> or <c>truncated</c>.</summary>
    public const string OutcomeLabel = "outcome";

    /// <summary>Span attribute: the game's id as its owner (a match grain) names it.</summary>
    public const string GameIdAttribute = "game_id";

    /// <summary>Span attribute: <c>setup</c>, <c>in_progress</c> or <c>finished</c>.</summary>
    public const string PhaseAttribute = "phase";

    /// <summary>Span attribute of a move: <c>miss</c>, <c>hit</c>, <c>sunk</c>, <c>win</c> or the refusal (<c>not_your_turn</c>, ...).</summary>
    public const string ShotResultAttribute = "shot_result";

    /// <summary>Span attribute of a move that sank a ship: its type (public once sunk).</summary>
    public const string ShipTypeAttribute = "ship_type";

    /// <summary>Span attribute: the number of moves (game) or steps (episode) so far.</summary>
    public const string MovesAttribute = "moves";

    /// <summary>Span attribute of an environment span: the episode's seed in hex (it replays the episode).</summary>
    public const string EpisodeIdAttribute = "episode_id";

    /// <summary>Span attribute of a step: whether the action was legal.</summary>
    public const string ActionValidAttribute = "action_valid";

    /// <summary>Span attribute of a step: whether it won the episode.</summary>
    public const string TerminatedAttribute = "terminated";

    /// <summary>Span attribute of a step: whether it hit the step limit.</summary>
    public const string TruncatedAttribute = "truncated";

    /// <summary>Span attribute of a step: which reward it paid (<c>miss</c>, <c>hit</c>, <c>sunk</c>, <c>win</c>, <c>invalid</c>).</summary>
    public const string RewardTypeAttribute = "reward_type";

    /// <summary>Span attribute of an engine span: whether the game was rebuilt from its log (a reactivated match) rather than started.</summary>
    public const string ResumedAttribute = "resumed";

    internal static readonly ActivitySource Source = new(Name, typeof(EngineTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(EngineTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> GamesStarted = Meter.CreateCounter<long>(
        GamesStartedInstrument,
        unit: null,
        description: "Games whose two fleets are placed."
    );

    internal static readonly Counter<long> GamesCompleted = Meter.CreateCounter<long>(
        GamesCompletedInstrument,
        unit: null,
        description: "Games that ended, by outcome (win or resign)."
    );

    internal static readonly Counter<long> Shots = Meter.CreateCounter<long>(
        ShotsInstrument,
        unit: null,
        description: "Shots fired in games, by result (miss, hit, sunk, win, invalid) and player (one, two)."
    );

    internal static readonly Histogram<double> GameDuration = Meter.CreateHistogram(
        GameDurationInstrument,
        unit: "s",
        description: "Time from the start of play to the end of a game.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600] }
    );

    internal static readonly Counter<long> EnvActions = Meter.CreateCounter<long>(
        EnvActionsInstrument,
        unit: null,
        description: "Environment steps, by result (miss, hit, sunk, win, invalid)."
    );

    internal static readonly Counter<long> EnvResets = Meter.CreateCounter<long>(
        EnvResetsInstrument,
        unit: null,
        description: "Environment episodes started."
    );

    internal static readonly Histogram<double> EnvStepDuration = Meter.CreateHistogram(
        EnvStepDurationInstrument,
        unit: "s",
        description: "Time of one environment step.",
        tags: null,
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [1e-8, 2.5e-8, 5e-8, 1e-7, 2.5e-7, 5e-7, 1e-6, 1e-5, 1e-4, 1e-3],
        }
    );

    internal static readonly Histogram<double> EnvReward = Meter.CreateHistogram(
        EnvRewardInstrument,
        unit: null,
        description: "The reward paid by each environment step.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [-1, -0.5, -0.1, 0, 0.1, 0.5, 1, 2, 5] }
    );

    /// <summary>Whether a game starting now would be traced or measured.</summary>
    public static bool IsGameObserved =>
        Source.HasListeners() || GamesStarted.Enabled || GamesCompleted.Enabled || Shots.Enabled || GameDuration.Enabled;

    /// <summary>Whether an environment episode starting now would be traced or measured.</summary>
    public static bool IsEnvObserved =>
        Source.HasListeners() || EnvActions.Enabled || EnvResets.Enabled || EnvStepDuration.Enabled || EnvReward.Enabled;

    internal static string PlayerName(Player player) => player == Player.One ? "one" : "two";

    internal static string ResultName(ShotOutcome outcome) =>
        outcome switch
        {
            ShotOutcome.Miss => "miss",
            ShotOutcome.Hit => "hit",
            ShotOutcome.Sunk => "sunk",
            _ => "win",
        };

    internal static string ErrorName(MoveError error) =>
        error switch
        {
            MoveError.OutOfBounds => "out_of_bounds",
            MoveError.AlreadyFired => "already_fired",
            MoveError.NotYourTurn => "not_your_turn",
            MoveError.GameOver => "game_over",
            MoveError.FleetsNotPlaced => "fleets_not_placed",
            MoveError.FleetAlreadyPlaced => "fleet_already_placed",
            _ => "none",
        };

    internal static string PhaseName(GamePhase phase) =>
        phase switch
        {
            GamePhase.Setup => "setup",
            GamePhase.InProgress => "in_progress",
            _ => "finished",
        };

    internal static string ShipName(ShipType ship) =>
        ship switch
        {
            ShipType.Carrier => "carrier",
            ShipType.Battleship => "battleship",
            ShipType.Cruiser => "cruiser",
            ShipType.Submarine => "submarine",
            _ => "destroyer",
        };

    /// <summary>
    /// Starts a span under <paramref name="parent"/> (not under <see cref="Activity.Current"/>),
    /// linked to the current activity (the request or grain call that caused it) when there is
    /// one. <see cref="End"/> stops it and puts the current activity back.
    /// </summary>
    internal static Activity? StartChild(string name, Activity parent, out Activity? previous)
    {
        previous = Activity.Current;
        ActivityLink[]? links = previous is null || previous == parent ? null : [new ActivityLink(previous.Context)];
        return Source.StartActivity(name, ActivityKind.Internal, parent.Context, tags: null, links: links);
    }

    /// <summary>Stops <paramref name="activity"/> and makes <paramref name="previous"/> current again.</summary>
    internal static void End(Activity? activity, Activity? previous)
    {
        if (activity is null)
        {
            return;
        }
        activity.Stop();
        Activity.Current = previous;
    }

    /// <summary>
    /// Ends <paramref name="complete"/>, a <see cref="GameCompleteSpan"/> span, as <see cref="End"/> does,
    /// once tagged with the game's <paramref name="outcome"/> after <paramref name="moves"/> moves (or steps).
    /// </summary>
    internal static void EndComplete(Activity complete, Activity? previous, string outcome, int moves)
    {
        TagOutcome(complete, outcome, moves);
        End(complete, previous);
    }

    /// <summary>
    /// Stops the span of a whole game or episode (started by <see cref="StartDetached"/>) as
    /// finished, with its <paramref name="outcome"/> after <paramref name="moves"/> moves (or steps).
    /// </summary>
    internal static void StopFinished(Activity game, string outcome, int moves)
    {
        game.SetTag(PhaseAttribute, PhaseName(GamePhase.Finished));
        TagOutcome(game, outcome, moves);
        StopDetached(game);
    }

    private static void TagOutcome(Activity span, string outcome, int moves)
    {
        span.SetTag(OutcomeLabel, outcome);
        span.SetTag(MovesAttribute, moves);
    }

    /// <summary>Starts a long-lived span under the current activity without making it current.</summary>
    internal static Activity? StartDetached(string name)
    {
        var previous = Activity.Current;
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        Activity.Current = previous;
        return activity;
    }

    /// <summary>Stops a span started by <see cref="StartDetached"/>, leaving the current activity as it is.</summary>
    internal static void StopDetached(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
