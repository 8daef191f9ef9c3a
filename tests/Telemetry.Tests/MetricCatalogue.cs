namespace Battleship.Telemetry.Tests;

/// <summary>
/// The Prometheus names of the project's own metrics (the specification in ARCHITECTURE.md and
/// docs/telemetry.md). Histograms are named by family (<c>_bucket</c>, <c>_sum</c>, <c>_count</c> follow).
/// </summary>
internal static class MetricCatalogue
{
    public static readonly string[] GameMetrics =
    [
        "battleship_game_started_total",
        "battleship_game_completed_total",
        "battleship_shots_total",
        "battleship_game_duration_seconds",
    ];

    public static readonly string[] EnvMetrics =
    [
        "battleship_env_actions_total",
        "battleship_env_resets_total",
        "battleship_env_step_duration_seconds",
        "battleship_env_reward_value",
    ];

    /// <summary>Emitted by the trainer (meter <c>Battleship.Agent</c>), which this suite does not run.</summary>
    public static readonly string[] AgentMetrics =
    [
        "battleship_agent_training_steps_total",
        "battleship_agent_inference_duration_seconds",
        "battleship_agent_training_loss",
        "battleship_agent_training_step_duration_seconds",
    ];

    /// <summary>The gateway load generator's (tests/Load, <c>LoadStats</c>), served on its own /metrics while it runs.</summary>
    public static readonly string[] LoadMetrics =
    [
        "battleship_load_moves_total",
        "battleship_load_errors_total",
        "battleship_load_fire_duration_seconds",
        "battleship_load_push_duration_seconds",
        "battleship_load_connections",
    ];

    public static readonly string[] GrainMetrics =
    [
        "battleship_users_resolved_total",
        "battleship_matches_ended_total",
        "battleship_ladder_rating",
        "battleship_match_log_group_rows",
        "battleship_match_log_groups_split_total",
    ];

    public static readonly string[] GatewayMetrics =
    [
        "battleship_hub_messages_total",
        "battleship_hub_method_duration_seconds",
        "battleship_hub_connections",
        "battleship_auth_token_validations_total",
        "battleship_gateway_grain_calls_total",
    ];

    public static IEnumerable<string> All => [.. GameMetrics, .. EnvMetrics, .. AgentMetrics, .. GrainMetrics, .. GatewayMetrics];
}
