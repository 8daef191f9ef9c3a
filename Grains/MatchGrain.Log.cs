using System.Text.Json;
using System.Text.Json.Serialization;
using Battleship.Db.Archive;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.State;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains;

/// <summary>
/// The match's storage: an append-only log (<see cref="IMatchLogStore"/>, table <c>match_log</c>).
/// Every accepted move, placement, chat line and the completion is one entry, appended at the next
/// position before it is acknowledged or announced; the position is the primary key, so a second
/// activation of the match (a silo wrongly believed dead) cannot append, and this one steps down
/// (<see cref="ErrorCode.Unavailable"/>, the caller retries against the live one). Activation
/// rebuilds the game by replaying the log with the engine. A match stored in the grain-state
/// format that came before the log is converted to a log on its first activation, and its old
/// state is cleared only once the log holds it.
/// </summary>
public sealed partial class MatchGrain
{
    private static readonly JsonSerializerOptions LogJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private MatchState _s = new();
    private int _nextSeq;
    private bool _storageFailed;

    private MatchState S => _s;

    /// <summary>Reads the log (converting a match stored in the old format first) and rebuilds the match from it.</summary>
    private async Task LoadAsync()
    {
        var entries = await _log.ReadAsync(MatchId);
        if (_legacy.State.Status != MatchStatus.None)
        {
            if (entries.Count == 0 || entries[0].Kind != MatchLogKind.Setup)
            {
                entries = await ConvertLegacyAsync(entries);
            }
            await _legacy.ClearStateAsync(); // the log holds it all now (a failed clear is repeated at the next activation)
        }
        Replay(entries);
    }

    /// <summary>
    /// Writes the log of a match stored in the old format (its whole state in one grain-state row):
    /// the setup with the fleets as entry 0, move n at position n (where the archive's migration has
    /// already put the moves of an archived match, those positions are left as they are), then the
    /// chat lines kept and, for a completed match, the completion.
    /// </summary>
    private async Task<IReadOnlyList<MatchLogEntry>> ConvertLegacyAsync(IReadOnlyList<MatchLogEntry> existing)
    {
        var old = _legacy.State;
        var entries = new List<MatchLogEntry> { SetupEntry(old) };
        for (var i = 0; i < old.Moves.Count; i++)
        {
            var move = old.Moves[i];
            entries.Add(MoveEntry(i + 1, move, old.EndReason));
        }
        var seq = old.Moves.Count + 1;
        foreach (var line in old.Chat)
        {
            entries.Add(ChatEntry(seq++, line));
        }
        if (old.Completed)
        {
            entries.Add(new MatchLogEntry(seq, MatchLogKind.Completed, null, null, null, null, old.FinishedAt ?? old.StartedAt, null));
        }

        var written = existing.Select(e => e.Seq).ToHashSet();
        foreach (var run in ConsecutiveRuns(entries.Where(e => !written.Contains(e.Seq)).ToList()))
        {
            await _log.AppendAsync(MatchId, run);
        }
        LogConverted(_logger, MatchId, entries.Count - written.Count);
        return await _log.ReadAsync(MatchId);
    }

    /// <summary>Appends entry 0, the setup (see <see cref="SetupEntry"/>).</summary>
    private Task AppendSetupAsync() => AppendAsync(MatchLogKind.Setup, S.StartedAt, data: SetupEntry(S).Data);

    /// <summary>Appends the next entry; on failure memory is rebuilt from the log, so what was not stored was not accepted.</summary>
    private Task AppendAsync(
        MatchLogKind kind,
        DateTimeOffset at,
        int? player = null,
        int? cell = null,
        ShotOutcome? outcome = null,
        ShipType? sunk = null,
        string? data = null
    ) =>
        AppendAsync([
            new MatchLogEntry(_nextSeq, kind, player, cell, outcome is { } o ? (MoveOutcome)(int)o : null, sunk?.ToString(), at, data),
        ]);

    /// <summary>
    /// Appends <paramref name="entries"/> (the next positions) in one write; on failure memory is
    /// rebuilt from the log, so what was not stored was not accepted.
    /// </summary>
    private async Task AppendAsync(List<MatchLogEntry> entries)
    {
        try
        {
            await _log.AppendAsync(MatchId, entries);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecoverFromFailedAppendAsync(e);
            throw e is MatchLogConflictException
                ? new BattleshipException(ErrorCode.Unavailable, "The match is being moved to another server; try again.")
                : new BattleshipException(ErrorCode.Unavailable, "The match could not be saved; try again.");
        }
        _nextSeq += entries.Count;
    }

    private async Task RecoverFromFailedAppendAsync(Exception failure)
    {
        if (failure is MatchLogConflictException)
        {
            LogConflict(_logger, MatchId, _nextSeq); // another activation appended: this one is stale
            DeactivateOnIdle();
        }
        else
        {
            LogAppendFailed(_logger, failure, MatchId, _nextSeq);
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
        var entries = await _log.ReadAsync(MatchId);
        if (entries.Count <= _nextSeq)
        {
            return false;
        }
        LogBehind(_logger, MatchId, _nextSeq, entries.Count);
        Rebuild(entries);
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
            LogStillUnreadable(_logger, e, MatchId);
        }
        await context.Invoke();
    }

    /// <summary>Reads the log and rebuilds the match from it.</summary>
    private async Task ReloadAsync() => Rebuild(await _log.ReadAsync(MatchId));

    /// <summary>Rebuilds the match from <paramref name="entries"/> and resumes its telemetry.</summary>
    private void Rebuild(IReadOnlyList<MatchLogEntry> entries)
    {
        Replay(entries);
        _game?.ResumeTelemetry(MatchId.ToString());
    }

    /// <summary>Rebuilds the match (state, engine, clock) from its log.</summary>
    private void Replay(IReadOnlyList<MatchLogEntry> entries)
    {
        _s = new MatchState();
        _game = null;
        _nextSeq = 0;
        _storageFailed = false;
        if (entries.Count == 0 || entries[0].Kind != MatchLogKind.Setup)
        {
            return; // never started (or an archived match whose setup was never logged: nothing to serve)
        }
        var turnBegan = entries[0].At;
        BattleshipGame? game = null;
        foreach (var entry in entries)
        {
            if (entry.Seq != _nextSeq)
            {
                throw new InvalidOperationException($"The log of match {MatchId} has a gap before position {entry.Seq}.");
            }
            _nextSeq++;
            switch (entry.Kind)
            {
                case MatchLogKind.Setup:
                    game = ApplySetup(Read<SetupDocument>(entry));
                    break;
                case MatchLogKind.Placement:
                    var fleet = FleetLayout.Create(game!.Rules, Read<List<PlacementState>>(entry).Select(p => p.ToPlacement()));
                    game.PlaceFleet((Player)entry.Player!.Value, fleet);
                    SetFleet(entry.Player.Value, fleet);
                    break;
                case MatchLogKind.Shot:
                    var outcome = (ShotOutcome)(int)entry.Outcome!.Value;
                    if (game!.Fire((Player)entry.Player!.Value, entry.Cell!.Value).Outcome != outcome)
                    {
                        throw new InvalidOperationException($"Entry {entry.Seq} of the log of match {MatchId} does not replay.");
                    }
                    S.Moves.Add(
                        new MoveState
                        {
                            Number = game.TurnNumber,
                            Player = entry.Player.Value,
                            Kind = MoveKind.Shot,
                            Cell = entry.Cell.Value,
                            Outcome = outcome,
                            SunkShip = entry.SunkShip is null ? null : Enum.Parse<ShipType>(entry.SunkShip),
                            At = entry.At,
                        }
                    );
                    turnBegan = entry.At;
                    if (game.Phase == GamePhase.Finished)
                    {
                        SetFinished(entry.Player.Value, EndReason.Win, entry.At);
                    }
                    break;
                case MatchLogKind.Resign or MatchLogKind.Timeout:
                    game!.Resign((Player)entry.Player!.Value);
                    S.Moves.Add(
                        new MoveState
                        {
                            Number = game.TurnNumber,
                            Player = entry.Player.Value,
                            Kind = MoveKind.Resign,
                            Cell = -1,
                            At = entry.At,
                        }
                    );
                    SetFinished(
                        1 - entry.Player.Value,
                        entry.Kind == MatchLogKind.Timeout ? EndReason.Timeout : EndReason.Resign,
                        entry.At
                    );
                    break;
                case MatchLogKind.Chat:
                    AddChat(Read<ChatState>(entry));
                    break;
                case MatchLogKind.Completed:
                    S.Completed = true;
                    break;
            }
            if (S.Status == MatchStatus.Placing && game!.Phase == GamePhase.InProgress)
            {
                S.Status = MatchStatus.InProgress;
                turnBegan = entry.At;
            }
        }
        _game = game;
        S.TurnDeadline = S.Status == MatchStatus.InProgress ? DeadlineFor((int)game!.CurrentPlayer, turnBegan) : null;
    }

    private BattleshipGame ApplySetup(SetupDocument setup)
    {
        S.Players = [.. setup.Players];
        S.Rules = setup.Rules;
        S.FirstPlayer = setup.FirstPlayer;
        S.TurnTimeoutSeconds = setup.TurnTimeoutSeconds;
        S.Seed = setup.Seed;
        S.RoomId = setup.RoomId;
        S.StartedAt = setup.StartedAt;
        S.Status = MatchStatus.Placing;
        var rules = S.Rules.ToSpec().ToRules();
        var game = new BattleshipGame(rules, (Player)S.FirstPlayer, gameId: null, instrumented: false);
        foreach (var (player, placements) in new[] { (0, setup.FleetOne), (1, setup.FleetTwo) })
        {
            if (placements is not null)
            {
                var fleet = FleetLayout.Create(rules, placements.Select(p => p.ToPlacement()));
                game.PlaceFleet((Player)player, fleet);
                SetFleet(player, fleet);
            }
        }
        return game;
    }

    private void SetFinished(int winner, EndReason reason, DateTimeOffset at)
    {
        S.Status = MatchStatus.Finished;
        S.Winner = winner;
        S.EndReason = reason;
        S.FinishedAt = at;
        S.TurnDeadline = null;
    }

    private void AddChat(ChatState line)
    {
        S.ChatCount = line.Number;
        S.Chat.Add(line);
        if (S.Chat.Count > _options.ChatHistory)
        {
            S.Chat.RemoveRange(0, S.Chat.Count - _options.ChatHistory);
        }
    }

    /// <summary>Entry 0: everything fixed at the start, with the fleets placed by then.</summary>
    private static MatchLogEntry SetupEntry(MatchState state) =>
        new(
            0,
            MatchLogKind.Setup,
            null,
            null,
            null,
            null,
            state.StartedAt,
            JsonSerializer.Serialize(
                new SetupDocument(
                    state.Players,
                    state.Rules,
                    state.FirstPlayer,
                    state.TurnTimeoutSeconds,
                    state.Seed,
                    state.RoomId,
                    state.StartedAt,
                    state.FleetOne,
                    state.FleetTwo
                ),
                LogJson
            )
        );

    private static MatchLogEntry ShotEntry(int seq, MoveState move) =>
        new(seq, MatchLogKind.Shot, move.Player, move.Cell, (MoveOutcome)(int)move.Outcome, move.SunkShip?.ToString(), move.At, null);

    private static MatchLogEntry MoveEntry(int seq, MoveState move, EndReason? endReason) =>
        move.Kind == MoveKind.Shot
            ? ShotEntry(seq, move)
            : new(
                seq,
                endReason == EndReason.Timeout ? MatchLogKind.Timeout : MatchLogKind.Resign,
                move.Player,
                null,
                null,
                null,
                move.At,
                null
            );

    private static MatchLogEntry ChatEntry(int seq, ChatState line) =>
        new(seq, MatchLogKind.Chat, null, null, null, null, line.At, ChatData(line));

    private static string FleetData(FleetLayout layout) =>
        JsonSerializer.Serialize(layout.Placements.Select(PlacementState.From).ToList(), LogJson);

    private static string ChatData(ChatState line) => JsonSerializer.Serialize(line, LogJson);

    private static T Read<T>(MatchLogEntry entry) =>
        JsonSerializer.Deserialize<T>(entry.Data ?? "null", LogJson)
        ?? throw new InvalidOperationException($"Entry {entry.Seq} ({entry.Kind}) of a match log has no document.");

    /// <summary>Splits entries into runs of consecutive positions (each run is one append).</summary>
    private static IEnumerable<List<MatchLogEntry>> ConsecutiveRuns(List<MatchLogEntry> entries)
    {
        var run = new List<MatchLogEntry>();
        foreach (var entry in entries)
        {
            if (run.Count > 0 && entry.Seq != run[^1].Seq + 1)
            {
                yield return run;
                run = [];
            }
            run.Add(entry);
        }
        if (run.Count > 0)
        {
            yield return run;
        }
    }

    /// <summary>Now, as the log stores it (microseconds, UTC), so that memory and a replay agree.</summary>
    private DateTimeOffset Now() => MatchLogStore.Stored(_clock.UtcNow);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Match {MatchId} was converted from the old storage format to its log ({Entries} entries written)"
    )]
    private static partial void LogConverted(ILogger logger, Guid matchId, int entries);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Match {MatchId}: position {Seq} of its log was written by another activation; this one steps down"
    )]
    private static partial void LogConflict(ILogger logger, Guid matchId, int seq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Match {MatchId}: its log still cannot be read; the call is answered Unavailable")]
    private static partial void LogStillUnreadable(ILogger logger, Exception exception, Guid matchId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Match {MatchId}: its log holds {Entries} entries, this activation had {Seq}; another activation wrote after it loaded, so it reloads and steps down"
    )]
    private static partial void LogBehind(ILogger logger, Guid matchId, int seq, int entries);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Match {MatchId}: appending position {Seq} of its log failed; the move is not accepted"
    )]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, Guid matchId, int seq);
}

/// <summary>The document of a match log's setup entry (position 0).</summary>
/// <param name="Players">Player one and player two.</param>
/// <param name="Rules">The rules.</param>
/// <param name="FirstPlayer">Who fires first.</param>
/// <param name="TurnTimeoutSeconds">Seconds per turn.</param>
/// <param name="Seed">The seed for agents' decisions.</param>
/// <param name="RoomId">The room that started the match.</param>
/// <param name="StartedAt">When the match started.</param>
/// <param name="FleetOne">Player one's fleet when placed at the start (an agent's).</param>
/// <param name="FleetTwo">Player two's fleet when placed at the start.</param>
internal sealed record SetupDocument(
    List<ParticipantState> Players,
    RulesState Rules,
    int FirstPlayer,
    double TurnTimeoutSeconds,
    ulong Seed,
    Guid? RoomId,
    DateTimeOffset StartedAt,
    List<PlacementState>? FleetOne,
    List<PlacementState>? FleetTwo
);
