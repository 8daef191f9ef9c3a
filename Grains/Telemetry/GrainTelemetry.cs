using System.Diagnostics.Metrics;

namespace Battleship.Grains.Telemetry;

/// <summary>
/// The game grains' own metrics, on the meter <see cref="Name"/> (grain calls, activations and
/// messaging come from Orleans' <c>Microsoft.Orleans</c> meter and sources; games and shots from
/// the engine's). Labels are small fixed sets, never ids.
/// </summary>
public static class GrainTelemetry
{
    public const string Name = "Battleship.Grains";

    /// <summary>Instrument <c>battleship.users.resolved</c> by <see cref="OutcomeLabel"/>: signed-in identities mapped to users (Prometheus <c>battleship_users_resolved_total</c>).</summary>
    public const string UsersResolvedInstrument = "battleship.users.resolved";

    /// <summary>Instrument <c>battleship.matches.ended</c> by <see cref="ReasonLabel"/> (Prometheus <c>battleship_matches_ended_total</c>).</summary>
    public const string MatchesEndedInstrument = "battleship.matches.ended";

    /// <summary>Label of <see cref="UsersResolvedInstrument"/>: <c>created</c> or <c>existing</c>.</summary>
    public const string OutcomeLabel = "outcome";

    /// <summary>Label of <see cref="MatchesEndedInstrument"/>: <c>win</c>, <c>resign</c> or <c>timeout</c>.</summary>
    public const string ReasonLabel = "reason";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> UsersResolved = Meter.CreateCounter<long>(
        UsersResolvedInstrument,
        unit: null,
        description: "Identities resolved to users: created on first sight, or existing."
    );

    private static readonly Counter<long> MatchesEnded = Meter.CreateCounter<long>(
        MatchesEndedInstrument,
        unit: null,
        description: "Matches that ended, by reason (win, resign, timeout)."
    );

    internal static void UserResolved(bool created) =>
        UsersResolved.Add(1, new KeyValuePair<string, object?>(OutcomeLabel, created ? "created" : "existing"));

    internal static void MatchEnded(Models.EndReason reason) =>
        MatchesEnded.Add(
            1,
            new KeyValuePair<string, object?>(
                ReasonLabel,
                reason switch
                {
                    Models.EndReason.Win => "win",
                    Models.EndReason.Resign => "resign",
                    _ => "timeout",
                }
            )
        );
}
