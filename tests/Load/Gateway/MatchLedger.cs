using System.Collections.Concurrent;

namespace Battleship.Load.Gateway;

/// <summary>
/// Every shot the gateway acknowledged during a run, by match; afterwards each match's replay is
/// read back (as one of its players) and every acknowledged shot must be in it, at the same turn,
/// cell and outcome. A shot that is not is a lost move; a turn or a (player, cell) that is in a
/// replay twice is a duplicate (a move applied twice); a match that is not over once the run has
/// ended its matches is unfinished.
/// </summary>
public sealed class MatchLedger
{
    private readonly ConcurrentDictionary<Guid, Entry> _matches = new();

    public int Matches => _matches.Count;

    /// <summary>Notes a match and the player whose replay is read back.</summary>
    public void Started(Guid matchId, GatewayUser reader) => _matches.TryAdd(matchId, new Entry(reader));

    public void Acknowledged(Guid matchId, ShotDto shot) => _matches[matchId].Add(shot);

    /// <summary>Reads every replay back; returns the shots checked and the shots lost.</summary>
    public async Task<ReplayCheck> VerifyAsync(LoadStats stats, int concurrency, CancellationToken ct)
    {
        long checkedShots = 0,
            lost = 0,
            unreadable = 0,
            duplicates = 0,
            unfinished = 0;
        await Parallel.ForEachAsync(
            _matches,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (pair, token) =>
            {
                var shots = pair.Value.Snapshot();
                ReplayDto replay;
                try
                {
                    replay = await pair.Value.Reader.GetAsync<ReplayDto>($"/api/matches/{pair.Key}/replay", token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    stats.Failed(e);
                    Interlocked.Increment(ref unreadable);
                    Interlocked.Add(ref lost, shots.Count);
                    return;
                }
                var replayed = replay.Moves.Where(m => m.Shot is not null).Select(m => m.Shot!).ToList();
                var twice =
                    replayed.Count
                    - replayed.DistinctBy(s => s.TurnNumber).Count()
                    + replayed.Count
                    - replayed.DistinctBy(s => (s.Player, s.Cell)).Count();
                var kept = replayed.DistinctBy(s => s.TurnNumber).ToDictionary(s => s.TurnNumber);
                var missing = shots.Where(s => !kept.TryGetValue(s.TurnNumber, out var k) || k != s).ToList();
                if (missing is [var first, ..])
                {
                    stats.Note(
                        $"match {pair.Key}: acknowledged {first} is "
                            + (kept.TryGetValue(first.TurnNumber, out var there) ? $"{there} in the replay" : "not in the replay")
                            + $" ({replay.Status}, {replayed.Count} shots)"
                    );
                }
                Interlocked.Add(ref checkedShots, shots.Count);
                Interlocked.Add(ref lost, missing.Count);
                Interlocked.Add(ref duplicates, twice);
                if (replay.Status != "Finished")
                {
                    Interlocked.Increment(ref unfinished);
                }
            }
        );
        return new ReplayCheck(_matches.Count, checkedShots, lost, unreadable, duplicates, unfinished);
    }

    private sealed class Entry(GatewayUser reader)
    {
        private readonly List<ShotDto> _shots = [];

        public GatewayUser Reader { get; } = reader;

        public void Add(ShotDto shot)
        {
            lock (_shots)
            {
                _shots.Add(shot);
            }
        }

        public List<ShotDto> Snapshot()
        {
            lock (_shots)
            {
                return [.. _shots];
            }
        }
    }
}

/// <summary>The outcome of reading the replays back.</summary>
/// <param name="Matches">Matches whose replay was read.</param>
/// <param name="CheckedShots">Acknowledged shots compared with a replay.</param>
/// <param name="LostShots">Acknowledged shots missing from their replay or different in it (must be 0).</param>
/// <param name="UnreadableReplays">Replays that could not be read (their shots count as lost).</param>
/// <param name="DuplicateMoves">Moves in a replay whose turn, or whose player and cell, another move of it has (must be 0).</param>
/// <param name="UnfinishedMatches">Matches not over at the end of the run, when every match has been played out or resigned (must be 0).</param>
public sealed record ReplayCheck(
    int Matches,
    long CheckedShots,
    long LostShots,
    long UnreadableReplays,
    long DuplicateMoves,
    long UnfinishedMatches
);
