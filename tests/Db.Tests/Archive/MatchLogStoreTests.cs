using Battleship.Db.Archive;

namespace Battleship.Db.Tests.Archive;

/// <summary>The match log on a real PostgreSQL archive: appends, reads, and one writer per position.</summary>
public sealed class MatchLogStoreTests(MigratedArchive archive) : IClassFixture<MigratedArchive>
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    private IMatchLogStore Log => archive.Log;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Append_ThenRead_ReturnsTheEntriesInOrder_ToTheMicrosecond()
    {
        var matchId = Guid.NewGuid();
        var precise = At.AddTicks(1234567); // 123.4567 ms: the log keeps 123.456 ms
        MatchLogEntry[] entries =
        [
            Setup(),
            new(1, MatchLogKind.Placement, 1, null, null, null, At, """[{"ship":"Destroyer"}]"""),
            new(2, MatchLogKind.Shot, 0, 17, MoveOutcome.Sunk, "Destroyer", precise, null),
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

    private static MatchLogEntry Setup() => new(0, MatchLogKind.Setup, null, null, null, null, At, """{"players":[]}""");

    private static MatchLogEntry Shot(int seq, int cell) => new(seq, MatchLogKind.Shot, 0, cell, MoveOutcome.Miss, null, At, null);
}
