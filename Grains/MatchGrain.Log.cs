using Battleship.Grains.Matches;
using Battleship.Grains.Models;
using Battleship.Grains.State;

namespace Battleship.Grains;

/// <summary>
/// The match's storage: its append-only log (<see cref="MatchLog"/>). Each accepted change is
/// appended before it is acknowledged or announced; a failed append rebuilds the match from the log,
/// so what was not stored was not accepted, and a position another activation took (a silo wrongly
/// believed dead) makes this one step down (<see cref="ErrorCode.Unavailable"/>, the caller retries
/// against the live one). Activation rebuilds the match by replaying the log; a match stored in the
/// grain-state format that came before the log is converted on its first activation, and its old
/// state is cleared only once the log holds it.
/// </summary>
public sealed partial class MatchGrain
{
    private MatchRules _match;
    private bool _storageFailed;

    /// <summary>The state of the match, as it is in memory (unchecked: see <see cref="Match"/>).</summary>
    private MatchState S => _match.State;

    /// <summary>
    /// The match, to decide or to show: <see cref="ErrorCode.Unavailable"/> while memory is not
    /// verified against the log (<see cref="RecoverFromFailedAppendAsync"/>), <see cref="ErrorCode.NotFound"/>
    /// before the start.
    /// </summary>
    private MatchRules Match
    {
        get
        {
            if (_storageFailed)
            {
                throw new BattleshipException(ErrorCode.Unavailable, "The match's storage is unavailable; try again.");
            }
            _ = _match.Game;
            return _match;
        }
    }

    private MatchRules NewMatch() => new(MatchId, _options.ChatHistory, _logger);

    /// <summary>Reads the log (converting a match stored in the old format first) and rebuilds the match from it.</summary>
    private async Task LoadAsync()
    {
        var legacy = _legacy.State.Status != MatchStatus.None ? _legacy.State : null;
        var match = NewMatch();
        await _log.LoadAsync(match, legacy);
        if (legacy is not null)
        {
            await _legacy.ClearStateAsync(); // the log holds it all now (a failed clear is repeated at the next activation)
        }
        Adopt(match);
    }

    /// <summary>Waits for <paramref name="append"/>; on failure memory is rebuilt from the log, so what was not stored was not accepted.</summary>
    private async Task StoreAsync(Task append)
    {
        try
        {
            await append;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecoverFromFailedAppendAsync(e);
            throw MatchLog.IsConflict(e)
                ? new BattleshipException(ErrorCode.Unavailable, "The match is being moved to another server; try again.")
                : new BattleshipException(ErrorCode.Unavailable, "The match could not be saved; try again.");
        }
    }

    private async Task RecoverFromFailedAppendAsync(Exception failure)
    {
        if (MatchLog.IsConflict(failure))
        {
            MatchLogMessages.Conflict(_logger, MatchId, _log.Count); // another activation appended: this one is stale
            DeactivateOnIdle();
        }
        else
        {
            MatchLogMessages.AppendFailed(_logger, failure, MatchId, _log.Count);
        }
        try
        {
            await ReloadAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Memory may hold what storage refused: serve nothing until the log can be read again
            // (the next call tries, see Invoke). The activation stays, and with it the gateways'
            // subscriptions: deactivated, it would come back with none, and the players would
            // hear of moves only at the gateways' next renewal.
            _storageFailed = true;
        }
    }

    /// <summary>
    /// Reads the log and, when it holds more than this activation has (another activation wrote
    /// after this one loaded: a silo declared dead that served on for a moment after waking up, or
    /// cut off from the cluster but not from the database), rebuilds the match from it and steps
    /// down. Writes never need this (a stale activation's append hits a taken position), but a
    /// read that must be the record (the replay) does.
    /// </summary>
    /// <returns>Whether the log held more (and the match was rebuilt from it).</returns>
    private async Task<bool> CatchUpWithTheLogAsync()
    {
        var match = NewMatch();
        if (!await _log.LoadIfAheadAsync(match))
        {
            return false;
        }
        Adopt(match);
        DeactivateOnIdle();
        return true;
    }

    /// <summary>
    /// Every call first rebuilds the match from its log when an earlier failure left memory
    /// unverified (<see cref="RecoverFromFailedAppendAsync"/>); while the log cannot be read, the
    /// match answers <see cref="ErrorCode.Unavailable"/>.
    /// </summary>
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _storageFailed ? ReloadThenInvokeAsync(context) : context.Invoke(); // no extra await on the usual path
    }

    private async Task ReloadThenInvokeAsync(IIncomingGrainCallContext context)
    {
        try
        {
            await ReloadAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MatchLogMessages.StillUnreadable(_logger, e, MatchId);
        }
        await context.Invoke();
    }

    /// <summary>Reads the log and rebuilds the match from it.</summary>
    private async Task ReloadAsync()
    {
        var match = NewMatch();
        await _log.LoadAsync(match);
        Adopt(match);
    }

    /// <summary>Serves <paramref name="match"/>, just rebuilt from the log, and resumes its telemetry.</summary>
    private void Adopt(MatchRules match)
    {
        _match = match;
        _storageFailed = false;
        if (match.IsStarted)
        {
            match.Game.ResumeTelemetry(MatchId.ToString());
        }
    }

    /// <summary>Now, as the log stores it, so that memory and a replay agree.</summary>
    private DateTimeOffset Now() => MatchLog.Stored(_clock.UtcNow);
}
