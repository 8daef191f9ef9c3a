using Battleship.Db.Archive;
using Battleship.Engine;
using Battleship.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace Battleship.Db.Tests.Archive;

/// <summary>The match log on a real PostgreSQL archive: appends, reads, and one writer per position.</summary>
public sealed class MatchLogStoreTests(MigratedArchive archive) : ArchiveTests(archive)
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    private IMatchLogStore Log => Fixture.Log;

    [Fact]
    public async Task Append_ThenRead_ReturnsTheEntriesInOrder_ToTheMicrosecond()
    {
        var matchId = Guid.NewGuid();
        var precise = At.AddTicks(1234567); // 123.4567 ms: the log keeps 123.456 ms
        MatchLogEntry[] entries =
        [
            Setup(),
            new(1, MatchLogKind.Placement, 1, null, null, null, At, """[{"ship":"Destroyer"}]"""),
            new(2, MatchLogKind.Shot, 0, 17, ShotOutcome.Sunk, "Destroyer", precise, null),
            new(3, MatchLogKind.Chat, null, null, null, null, At, """{"text":"gg"}"""),
        ];

        await Log.AppendAsync(matchId, entries[..2], Ct);
        await Log.AppendAsync(matchId, entries[2..], Ct);

        var read = await Log.ReadAsync(matchId, Ct);
        Assert.Equal([entries[0], entries[1], entries[2] with { At = At.AddTicks(1234560) }, entries[3]], read);
        Assert.Empty(await Log.ReadAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Append_AtAPositionAlreadyWritten_IsAConflict_AndWritesNothingOfTheBatch()
    {
        var matchId = Guid.NewGuid();
        await Log.AppendAsync(matchId, [Setup(), Shot(1, 5)], Ct);

        // A stale writer (a second activation) that believes position 1 is free appends 1 and 2.
        var conflict = await Assert.ThrowsAsync<MatchLogConflictException>(() => Log.AppendAsync(matchId, [Shot(1, 6), Shot(2, 7)], Ct));

        Assert.Equal((matchId, 1), (conflict.MatchId, conflict.Seq));
        Assert.Equal([0, 1], (await Log.ReadAsync(matchId, Ct)).Select(e => e.Seq));
        Assert.Equal(5, (await Log.ReadAsync(matchId, Ct))[1].Cell);
    }

    [Fact]
    public async Task Append_ConcurrentWritersOfOnePosition_ExactlyOneWins()
    {
        var matchId = Guid.NewGuid();
        await Log.AppendAsync(matchId, [Setup()], Ct);

        var attempts = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(cell =>
                    Task.Run(
                        async () =>
                        {
                            try
                            {
                                await Log.AppendAsync(matchId, [Shot(1, cell)], Ct);
                                return true;
                            }
                            catch (MatchLogConflictException)
                            {
                                return false;
                            }
                        },
                        Ct
                    )
                )
        );

        Assert.Single(attempts, won => won);
        Assert.Equal(2, (await Log.ReadAsync(matchId, Ct)).Count);
    }

    [Fact]
    public async Task Append_EntriesThatAreNotConsecutive_AreRefusedBeforeTheDatabase()
    {
        var matchId = Guid.NewGuid();

        await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(matchId, [Setup(), Shot(2, 5)], Ct));

        Assert.Empty(await Log.ReadAsync(matchId, Ct));
    }

    [Fact]
    public async Task Append_ManyMatchesAtOnce_WritesEach_AndOnlyTheStaleWriterConflicts()
    {
        // Writers: 1, so appends that queue while a group is written go together as the next group.
        await using var log = new MatchLogStore(Fixture.Contexts, Options.Create(new MatchLogOptions { Writers = 1 }));
        var matches = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        await Task.WhenAll(matches.Select(m => log.AppendAsync(m, [Setup(), Shot(1, 3)], Ct)));

        // Position 2 of every match, and a stale second writer of position 2 of the first one.
        var appends = matches.Select((m, i) => Attempt(log, m, Shot(2, i % 100))).Append(Attempt(log, matches[0], Shot(2, 99))).ToArray();
        var outcomes = await Task.WhenAll(appends);

        Assert.Single(outcomes, won => !won);
        Assert.Equal(matches.Length, outcomes.Count(won => won));
        foreach (var (matchId, i) in matches.Select((m, i) => (m, i)))
        {
            var read = await log.ReadAsync(matchId, Ct);
            Assert.Equal([0, 1, 2], read.Select(e => e.Seq));
            Assert.True(i == 0 ? read[2].Cell is 0 or 99 : read[2].Cell == i % 100);
        }
    }

    [Fact]
    public async Task Append_LongerThanOneStatement_IsOneTransaction()
    {
        await using var log = new MatchLogStore(
            Fixture.Contexts,
            Options.Create(new MatchLogOptions { Writers = 1, MaxRowsPerStatement = 2 })
        );
        var matchId = Guid.NewGuid();
        await log.AppendAsync(matchId, [Setup(), Shot(1, 1), Shot(2, 2), Shot(3, 3), Shot(4, 4)], Ct);

        // Positions 5 to 9 in three statements; the third one's position 9 is already taken.
        await log.AppendAsync(matchId, [Shot(9, 9)], Ct);
        await Assert.ThrowsAsync<MatchLogConflictException>(() =>
            log.AppendAsync(matchId, [Shot(5, 5), Shot(6, 6), Shot(7, 7), Shot(8, 8), Shot(9, 10)], Ct)
        );

        Assert.Equal([0, 1, 2, 3, 4, 9], (await log.ReadAsync(matchId, Ct)).Select(e => e.Seq));
    }

    private static async Task<bool> Attempt(MatchLogStore log, Guid matchId, MatchLogEntry entry)
    {
        try
        {
            await log.AppendAsync(matchId, [entry], Ct);
            return true;
        }
        catch (MatchLogConflictException e) when (e.MatchId == matchId)
        {
            return false;
        }
    }

    private static MatchLogEntry Setup() => new(0, MatchLogKind.Setup, null, null, null, null, At, """{"players":[]}""");

    private static MatchLogEntry Shot(int seq, int cell) => new(seq, MatchLogKind.Shot, 0, cell, ShotOutcome.Miss, null, At, null);
}
