using Battleship.Db.Archive.Entities;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>The rating step of <see cref="MatchStore.ArchiveFinishedMatchAsync"/>, inside its transaction.</summary>
internal static class MatchRating
{
    /// <summary>
    /// Rates a match whose row this transaction has just inserted: locks both participants'
    /// <c>ratings</c> rows (creating a missing one at the initial rating), computes Glicko-2 from
    /// them as they are, updates both and appends one <c>rating_history</c> row each. An unrated
    /// match (no winner) changes nothing.
    /// </summary>
    /// <remarks>
    /// Both rows are locked before either is read for the computation, in one fixed order (users
    /// before agents, then by id), and held to the commit. A transaction that rates a shared
    /// participant therefore waits for the other to commit and then reads its result: no update is
    /// lost, and since every transaction takes its locks in the same order no two wait for each
    /// other. Everything this step writes is keyed by the match, which only this transaction has
    /// inserted, so nothing else here can make it wait.
    /// </remarks>
    public static async Task<IReadOnlyList<MatchRatingChange>> RateAsync(
        ArchiveDbContext db,
        MatchArchive match,
        Glicko2 ratingSystem,
        CancellationToken ct
    )
    {
        if (match.Winner is not { } winnerSide)
        {
            return [];
        }
        var finishedAt = ArchiveWriter.Stored(match.FinishedAt);
        var winner = winnerSide == 0 ? match.PlayerOne : match.PlayerTwo;
        var loser = winnerSide == 0 ? match.PlayerTwo : match.PlayerOne;

        var rows = new Dictionary<ParticipantRef, RatingRow>();
        foreach (var participant in new[] { winner, loser }.Order(LockOrder.Instance))
        {
            rows[participant] = await LockRatingAsync(db, participant, finishedAt, ct);
        }
        var winnerRow = rows[winner];
        var loserRow = rows[loser];
        var winnerBefore = GlickoOf(winnerRow);
        var loserBefore = GlickoOf(loserRow);
        // Glicko-2 rates the players of one period from their ratings before it.
        var winnerAfter = ratingSystem.Rate(winnerBefore, loserBefore, 1);
        var loserAfter = ratingSystem.Rate(loserBefore, winnerBefore, 0);

        Record(db, winnerRow, winnerAfter, won: true, match.Id, finishedAt);
        Record(db, loserRow, loserAfter, won: false, match.Id, finishedAt);
        await db.SaveChangesAsync(ct);

        var changes = new[]
        {
            new MatchRatingChange(winner, ToArchive(winnerBefore), ToArchive(winnerAfter)),
            new MatchRatingChange(loser, ToArchive(loserBefore), ToArchive(loserAfter)),
        };
        return winnerSide == 0 ? changes : [changes[1], changes[0]];
    }

    /// <summary>
    /// The participant's rating row, locked for this transaction; a participant without one gets a
    /// new row at <see cref="Glicko2Rating.Initial"/>, inserted at once so that a concurrent first
    /// match of the same participant meets it (PostgreSQL: its insert waits, then fails on the
    /// unique index, and <see cref="ArchiveWriter.WriteAsync{T}"/> runs that unit again, which then finds the row).
    /// </summary>
    private static async Task<RatingRow> LockRatingAsync(
        ArchiveDbContext db,
        ParticipantRef participant,
        DateTimeOffset finishedAt,
        CancellationToken ct
    )
    {
        // ToListAsync, not SingleAsync: EF Core would wrap the locking SQL in a subquery.
        var locked = await db.RatingForUpdate(participant).ToListAsync(ct);
        if (locked.Count > 0)
        {
            return locked[0];
        }
        var initial = Glicko2Rating.Initial;
        var row = new RatingRow
        {
            Id = Guid.CreateVersion7(finishedAt),
            UserId = ArchiveModels.UserId(participant),
            AgentId = ArchiveModels.AgentId(participant),
            Rating = initial.Rating,
            Deviation = initial.Deviation,
            Volatility = initial.Volatility,
            UpdatedAt = finishedAt,
        };
        db.Ratings.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    private static void Record(ArchiveDbContext db, RatingRow row, Glicko2Rating after, bool won, Guid matchId, DateTimeOffset at)
    {
        db.RatingHistory.Add(
            new RatingHistoryRow
            {
                RatingId = row.Id,
                MatchId = matchId,
                RatingBefore = row.Rating,
                DeviationBefore = row.Deviation,
                VolatilityBefore = row.Volatility,
                RatingAfter = after.Rating,
                DeviationAfter = after.Deviation,
                VolatilityAfter = after.Volatility,
                At = at,
            }
        );
        row.Rating = after.Rating;
        row.Deviation = after.Deviation;
        row.Volatility = after.Volatility;
        row.Games++;
        row.Wins += won ? 1 : 0;
        row.Losses += won ? 0 : 1;
        row.CurrentStreak = won ? Math.Max(row.CurrentStreak, 0) + 1 : Math.Min(row.CurrentStreak, 0) - 1;
        row.UpdatedAt = at;
    }

    /// <summary>The answer of the call that archived <paramref name="match"/>: its history rows, player one's first.</summary>
    public static async Task<IReadOnlyList<MatchRatingChange>> RecordedChangesAsync(
        ArchiveDbContext db,
        MatchArchive match,
        CancellationToken ct
    )
    {
        var recorded = await db
            .RatingHistory.AsNoTracking()
            .Where(h => h.MatchId == match.Id)
            .Join(
                db.Ratings,
                h => h.RatingId,
                r => r.Id,
                (h, r) =>
                    new
                    {
                        r.UserId,
                        r.AgentId,
                        History = h,
                    }
            )
            .ToListAsync(ct);
        return
        [
            .. recorded
                .Select(x => new MatchRatingChange(
                    ArchiveModels.Participant(x.UserId, x.AgentId),
                    new GlickoRating(x.History.RatingBefore, x.History.DeviationBefore, x.History.VolatilityBefore),
                    new GlickoRating(x.History.RatingAfter, x.History.DeviationAfter, x.History.VolatilityAfter)
                ))
                .OrderBy(c => c.Participant == match.PlayerOne ? 0 : 1),
        ];
    }

    private static Glicko2Rating GlickoOf(RatingRow row) => new(row.Rating, row.Deviation, row.Volatility);

    private static GlickoRating ToArchive(Glicko2Rating rating) => new(rating.Rating, rating.Deviation, rating.Volatility);

    /// <summary>The one order in which every archive transaction locks rating rows: users before agents, then by id.</summary>
    private sealed class LockOrder : IComparer<ParticipantRef>
    {
        public static LockOrder Instance { get; } = new();

        public int Compare(ParticipantRef? x, ParticipantRef? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return x.Kind != y.Kind ? (x.Kind == ParticipantKind.User ? -1 : 1) : x.Id.CompareTo(y.Id);
        }
    }
}
