using Microsoft.Extensions.Logging;

namespace Battleship.Grains.Matches;

/// <summary>
/// The match grain's structured log events (LoggerMessage source generator), ids 2101-2199 (the
/// game's own events, 2001-2003, are in <see cref="Telemetry.GrainLog"/>). Each carries the match
/// id, never a cell of a ship, a board or a fleet. Refusals of moves are expected and logged at
/// Information without an exception (<see cref="Telemetry.GrainLog.InvalidMove"/>); failures that
/// are retried are warnings, and a fault that loses a move is an error.
/// </summary>
internal static partial class MatchLogMessages
{
    /// <summary>An agent did not answer for its turn (it refused, or could not be reached).</summary>
    [LoggerMessage(2101, LogLevel.Warning, "Agent {AgentId} failed to move in match {MatchId}")]
    public static partial void AgentFailed(ILogger logger, Exception exception, Guid agentId, Guid matchId);

    /// <summary>An agent that cannot be reached is now on the clock as a person is.</summary>
    [LoggerMessage(
        2102,
        LogLevel.Warning,
        "Agent {AgentId} cannot move in match {MatchId} now; it is tried again every second and loses on time at {Deadline}"
    )]
    public static partial void AgentOnTheClock(ILogger logger, Guid agentId, Guid matchId, DateTimeOffset deadline);

    /// <summary>The player to move ran out of time and forfeits (an expected end, not a fault).</summary>
    [LoggerMessage(2103, LogLevel.Information, "Match {MatchId}: player {Player} ran out of time")]
    public static partial void TimedOut(ILogger logger, Guid matchId, int player);

    /// <summary>Completing a finished match failed; it is retried, and its end is announced only once it succeeds.</summary>
    [LoggerMessage(
        2110,
        LogLevel.Warning,
        "Match {MatchId} ended but attempt {Attempt} to rate and archive it failed; its end is announced once that succeeds; retrying in {RetryDelay}"
    )]
    public static partial void CompletionFailed(ILogger logger, Exception exception, Guid matchId, int attempt, TimeSpan retryDelay);

    /// <summary>A completed match's reminder could not be dropped; it drops itself when it next fires.</summary>
    [LoggerMessage(
        2111,
        LogLevel.Warning,
        "Match {MatchId} is completed but its reminder could not be dropped; the reminder drops itself when it next fires"
    )]
    public static partial void ReminderKept(ILogger logger, Exception exception, Guid matchId);

    /// <summary>A match stored in the format before the log was converted to its log.</summary>
    [LoggerMessage(
        2120,
        LogLevel.Information,
        "Match {MatchId} was converted from the old storage format to its log ({Entries} entries written)"
    )]
    public static partial void Converted(ILogger logger, Guid matchId, int entries);

    /// <summary>Another activation wrote to the log after this one loaded; this one reloads and steps down.</summary>
    [LoggerMessage(
        2121,
        LogLevel.Warning,
        "Match {MatchId}: its log holds {Entries} entries, this activation had {Seq}; another activation wrote after it loaded, so it reloads and steps down"
    )]
    public static partial void Behind(ILogger logger, Guid matchId, int seq, int entries);

    /// <summary>Another activation took the position this one appended at; this one steps down.</summary>
    [LoggerMessage(
        2122,
        LogLevel.Warning,
        "Match {MatchId}: position {Seq} of its log was written by another activation; this one steps down"
    )]
    public static partial void Conflict(ILogger logger, Guid matchId, int seq);

    /// <summary>The log still cannot be read after a failed append; calls are answered Unavailable.</summary>
    [LoggerMessage(2123, LogLevel.Warning, "Match {MatchId}: its log still cannot be read; the call is answered Unavailable")]
    public static partial void StillUnreadable(ILogger logger, Exception exception, Guid matchId);

    /// <summary>An append failed: the move is not accepted (a fault of the storage).</summary>
    [LoggerMessage(2124, LogLevel.Error, "Match {MatchId}: appending position {Seq} of its log failed; the move is not accepted")]
    public static partial void AppendFailed(ILogger logger, Exception exception, Guid matchId, int seq);

    /// <summary>The match deactivates and tells its followers to subscribe again.</summary>
    [LoggerMessage(
        2130,
        LogLevel.Information,
        "Match {MatchId} is deactivating ({Reason}): telling its {Count} subscribed gateways to subscribe again"
    )]
    public static partial void TellingSubscribers(ILogger logger, Guid matchId, int count, DeactivationReasonCode reason);

    /// <summary>A gateway could not be sent its updates and is dropped until it subscribes again.</summary>
    [LoggerMessage(
        2131,
        LogLevel.Warning,
        "Match {MatchId} could not push {Count} updates to a gateway; it is dropped until it subscribes again"
    )]
    public static partial void PushFailed(ILogger logger, Exception exception, Guid matchId, int count);
}
