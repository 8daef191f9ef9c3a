using Battleship.Db.Archive;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;

namespace Battleship.Db.Tests.Archive;

/// <summary>Builders for archive test data: fresh ids and names every call.</summary>
internal static class ArchiveData
{
    /// <summary>A fixed instant the test times are built from (whole seconds, UTC).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public const string Fleet =
        """[{"ship":"Carrier","row":0,"column":0,"orientation":"Horizontal"},{"ship":"Destroyer","row":2,"column":3,"orientation":"Vertical"}]""";

    public const string Issuer = "https://tests.battleship.local/";

    public static async Task<Guid> UserAsync(TestArchive store, string? name = null)
    {
        var resolved = await store.ResolveUserAsync(
            Issuer,
            $"sub-{Guid.NewGuid():N}",
            name ?? "Tester",
            TestContext.Current.CancellationToken
        );
        return resolved.UserId;
    }

    public static async Task<Guid> AgentAsync(TestArchive store, Guid? ownerUserId = null, string? name = null)
    {
        var id = Guid.NewGuid();
        await store.UpsertAgentAsync(
            new AgentProfile(id, name ?? $"agent-{id:N}"[..20], AgentKind.Heuristic, "density", ownerUserId, false, Epoch),
            TestContext.Current.CancellationToken
        );
        return id;
    }

    /// <summary>A fresh user and a fresh agent (created in that order): the two sides of a match between a person and an AI.</summary>
    public static async Task<(ParticipantRef User, ParticipantRef Agent)> UserAndAgentAsync(TestArchive store) =>
        (ParticipantRef.User(await UserAsync(store)), ParticipantRef.Agent(await AgentAsync(store)));

    /// <summary>Two fresh agents: the two sides of a match between AIs.</summary>
    public static async Task<(ParticipantRef One, ParticipantRef Two)> TwoAgentsAsync(TestArchive store) =>
        (ParticipantRef.Agent(await AgentAsync(store)), ParticipantRef.Agent(await AgentAsync(store)));

    public static async Task<Guid> RoomAsync(TestArchive store, Guid ownerUserId, Guid? aiAgentId = null)
    {
        var id = Guid.NewGuid();
        await store.UpsertRoomAsync(
            new RoomSnapshot(id, "room", ownerUserId, false, aiAgentId, RoomStatus.Open, Epoch, null),
            TestContext.Current.CancellationToken
        );
        return id;
    }

    /// <summary>
    /// A finished match of <paramref name="moveCount"/> moves: shots by alternating players (a miss,
    /// a hit, then a destroyer sunk every fifth), ending with a resignation of the side to move
    /// (player two for an even count, player one for an odd one), so it is rated.
    /// </summary>
    public static MatchArchive Match(
        ParticipantRef one,
        ParticipantRef two,
        DateTimeOffset? finishedAt = null,
        int moveCount = 12,
        Guid? roomId = null,
        Guid? id = null
    )
    {
        var end = finishedAt ?? Epoch.AddHours(1);
        var start = end.AddMinutes(-30);
        var resigning = (moveCount - 1) % 2;
        return new MatchArchive(
            id ?? Guid.NewGuid(),
            roomId,
            one,
            two,
            "classic-10x10",
            0,
            Fleet,
            Fleet,
            1 - resigning,
            EndReason.Resign,
            start,
            end,
            moveCount
        );
    }

    /// <summary>
    /// The moves of a match built by <see cref="Match"/>, as the archive reads them back: shots by
    /// alternating players (a miss, a hit, then a destroyer sunk every fifth), then the resignation.
    /// </summary>
    public static List<MoveRecord> Moves(MatchArchive match)
    {
        var moves = new List<MoveRecord>();
        for (var number = 1; number < match.MoveCount; number++)
        {
            var player = (number - 1) % 2;
            var (outcome, ship) = (number % 5) switch
            {
                0 => (ShotOutcome.Sunk, "Destroyer"),
                3 => (ShotOutcome.Hit, (string?)null),
                _ => (ShotOutcome.Miss, null),
            };
            moves.Add(
                new MoveRecord(number, player, MoveRecordKind.Shot, (number * 7) % 100, outcome, ship, match.StartedAt.AddSeconds(number))
            );
        }
        moves.Add(
            new MoveRecord(
                match.MoveCount,
                (match.MoveCount - 1) % 2,
                MoveRecordKind.Resign,
                null,
                null,
                null,
                match.StartedAt.AddSeconds(match.MoveCount)
            )
        );
        return moves;
    }

    /// <summary>The log entries of <see cref="Moves"/> (positions 1, 2, 3 …), as the match grain appends them while the match is played.</summary>
    public static List<MatchLogEntry> LogEntries(MatchArchive match) =>
        [
            .. Moves(match)
                .Select(m => new MatchLogEntry(
                    m.Number,
                    m.Kind == MoveRecordKind.Shot ? MatchLogKind.Shot : MatchLogKind.Resign,
                    m.Player,
                    m.Cell,
                    m.Outcome,
                    m.SunkShip,
                    m.At,
                    null
                )),
        ];
}
