using System.Text.Json;
using System.Text.Json.Serialization;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Battleship.Grains.State;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains.Matches;

/// <summary>
/// A match's storage format: an append-only log (<see cref="IMatchLogStore"/>, table
/// <c>match_log</c>). Every accepted move, placement, chat line and the completion is one entry at
/// the next position; the position is the primary key, so a second activation of the match (a silo
/// wrongly believed dead) cannot append (<see cref="IsConflict"/>). Loading rebuilds a match from
/// its entries with <see cref="MatchRules"/>. A match stored in the grain-state format
/// that came before the log is converted to a log when it is first read. The one place that knows
/// the archive's log types.
/// </summary>
internal sealed class MatchLog(IMatchLogStore store, Guid matchId, ILogger logger)
{
    private static readonly JsonSerializerOptions LogJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>How many entries this activation holds, so the position of the next one.</summary>
    public int Count { get; private set; }

    /// <summary>Whether <paramref name="failure"/> of an append means another activation took the position.</summary>
    public static bool IsConflict(Exception failure) => failure is MatchLogConflictException;

    /// <summary>Now, as the log stores it (microseconds, UTC), so that memory and a replay agree.</summary>
    public static DateTimeOffset Stored(DateTimeOffset now) => StoredTime.Of(now);

    /// <summary>
    /// Reads the log and rebuilds <paramref name="match"/> (new, not started) from it. A match still
    /// stored in the old format (<paramref name="legacy"/>, null when there is none) is converted
    /// first, unless its log already starts with the setup.
    /// </summary>
    public async Task LoadAsync(MatchRules match, MatchState? legacy = null)
    {
        var entries = await store.ReadAsync(matchId);
        if (legacy is not null && !StartsWithSetup(entries))
        {
            entries = await ConvertLegacyAsync(legacy, entries);
        }
        Replay(entries, match);
    }

    /// <summary>
    /// Reads the log and, when it holds more than this activation has (another activation wrote
    /// after this one loaded), rebuilds <paramref name="match"/> (new, not started) from it.
    /// </summary>
    /// <returns>Whether the log held more (and <paramref name="match"/> was rebuilt).</returns>
    public async Task<bool> LoadIfAheadAsync(MatchRules match)
    {
        var entries = await store.ReadAsync(matchId);
        if (entries.Count <= Count)
        {
            return false;
        }
        MatchLogMessages.Behind(logger, matchId, Count, entries.Count);
        Replay(entries, match);
        return true;
    }

    /// <summary>
    /// Rebuilds <paramref name="match"/> from <paramref name="entries"/>; a log that does not start with
    /// a setup leaves it not started (never started, or an archived match whose setup was never logged).
    /// </summary>
    private void Replay(IReadOnlyList<MatchLogEntry> entries, MatchRules match)
    {
        var count = 0;
        if (StartsWithSetup(entries))
        {
            foreach (var entry in entries)
            {
                if (entry.Seq != count)
                {
                    throw new InvalidOperationException($"The log of match {matchId} has a gap before position {entry.Seq}.");
                }
                count++;
                Apply(entry, match);
            }
        }
        Count = count;
    }

    private void Apply(MatchLogEntry entry, MatchRules match)
    {
        switch (entry.Kind)
        {
            case MatchLogKind.Setup:
                match.ReplayStart(Read<MatchState>(entry)); // the setup document's fields are the state's (SetupEntry)
                break;
            case MatchLogKind.Placement:
                match.ReplayPlacement(entry.Player!.Value, Read<List<PlacementState>>(entry), entry.At);
                break;
            case MatchLogKind.Shot:
                var outcome = entry.Outcome!.Value;
                var sunk = entry.SunkShip is null ? (ShipType?)null : Enum.Parse<ShipType>(entry.SunkShip);
                if (!match.ReplayShot(entry.Player!.Value, entry.Cell!.Value, outcome, sunk, entry.At))
                {
                    throw new InvalidOperationException($"Entry {entry.Seq} of the log of match {matchId} does not replay.");
                }
                break;
            case MatchLogKind.Resign or MatchLogKind.Timeout:
                var reason = entry.Kind == MatchLogKind.Timeout ? EndReason.Timeout : EndReason.Resign;
                match.ReplayForfeit(entry.Player!.Value, reason, entry.At);
                break;
            case MatchLogKind.Chat:
                match.ReplayChat(Read<ChatState>(entry));
                break;
            case MatchLogKind.Completed:
                match.MarkCompleted();
                break;
        }
    }

    /// <summary>Appends entry 0, the setup (see <see cref="SetupEntry"/>).</summary>
    public Task AppendSetupAsync(MatchState state) => AppendAsync([SetupEntry(state)]);

    /// <summary>Appends seat <paramref name="player"/>'s fleet.</summary>
    public Task AppendPlacementAsync(int player, FleetLayout fleet, DateTimeOffset at) =>
        AppendAsync([
            Entry(
                MatchLogKind.Placement,
                at,
                player,
                JsonSerializer.Serialize(fleet.Placements.Select(PlacementState.From).ToList(), LogJson)
            ),
        ]);

    /// <summary>Appends <paramref name="shots"/> in one write (a shot and a built-in agent's answer are one turn's write).</summary>
    public Task AppendShotsAsync(IReadOnlyList<MoveState> shots) => AppendAsync([.. shots.Select((s, i) => ShotEntry(Count + i, s))]);

    /// <summary>Appends a resignation or a loss on time (<paramref name="reason"/>) of <paramref name="move"/>'s player.</summary>
    public Task AppendForfeitAsync(MoveState move, EndReason reason) => AppendAsync([MoveEntry(Count, move, reason)]);

    public Task AppendChatAsync(ChatState line) => AppendAsync([ChatEntry(Count, line)]);

    /// <summary>Appends the completion (rated, archived, reported).</summary>
    public Task AppendCompletedAsync(DateTimeOffset at) => AppendAsync([Entry(MatchLogKind.Completed, at)]);

    /// <summary>Appends <paramref name="entries"/> (the next positions) in one write; the count grows only once they are stored.</summary>
    private async Task AppendAsync(List<MatchLogEntry> entries)
    {
        await store.AppendAsync(matchId, entries);
        Count += entries.Count;
    }

    /// <summary>
    /// Writes the log of a match stored in the old format (its whole state in one grain-state row):
    /// the setup with the fleets as entry 0, move n at position n (where the archive's migration has
    /// already put the moves of an archived match, those positions are left as they are), then the
    /// chat lines kept and, for a completed match, the completion.
    /// </summary>
    private async Task<IReadOnlyList<MatchLogEntry>> ConvertLegacyAsync(MatchState old, IReadOnlyList<MatchLogEntry> existing)
    {
        var entries = new List<MatchLogEntry> { SetupEntry(old) };
        for (var i = 0; i < old.Moves.Count; i++)
        {
            entries.Add(MoveEntry(i + 1, old.Moves[i], old.EndReason));
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
        foreach (var run in ConsecutiveRuns([.. entries.Where(e => !written.Contains(e.Seq))]))
        {
            await store.AppendAsync(matchId, run);
        }
        MatchLogMessages.Converted(logger, matchId, entries.Count - written.Count);
        return await store.ReadAsync(matchId);
    }

    private static bool StartsWithSetup(IReadOnlyList<MatchLogEntry> entries) => entries.Count > 0 && entries[0].Kind == MatchLogKind.Setup;

    private MatchLogEntry Entry(MatchLogKind kind, DateTimeOffset at, int? player = null, string? data = null) =>
        new(Count, kind, player, null, null, null, at, data);

    /// <summary>
    /// Entry 0: everything fixed at the start, with the fleets placed by then. Its document
    /// (<see cref="SetupDocument"/>) names its fields as <see cref="MatchState"/> does, so it reads
    /// back as a state with those fields set.
    /// </summary>
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
        new(seq, MatchLogKind.Shot, move.Player, move.Cell, move.Outcome, move.SunkShip?.ToString(), move.At, null);

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
        new(seq, MatchLogKind.Chat, null, null, null, null, line.At, JsonSerializer.Serialize(line, LogJson));

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
