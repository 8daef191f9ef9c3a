using Battleship.Db.Archive.Entities;
using Battleship.Db.Ratings;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>The rating step of <see cref="ArchiveStore.ArchiveFinishedMatchAsync"/>, and the reads of single ratings.</summary>
public sealed partial class ArchiveStore
{
    /// <inheritdoc />
    public async Task<RatingRecord?> GetRatingAsync(Participant participant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participant);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await RatingOf(db, participant).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new RatingRecord(
                participant,
                new GlickoRating(row.Rating, row.Deviation, row.Volatility),
                row.Games,
                row.Wins,
                row.Losses,
                row.CurrentStreak,
                row.UpdatedAt
            );
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentRecord>> ListLadderAgentsAsync(
        AgentKind kind,
        int limit,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db
            .Agents.AsNoTracking()
            .Where(a => a.Kind == kind && (a.IsBuiltin || db.Ratings.Any(r => r.AgentId == a.Id)))
            .OrderBy(a => a.Id)
            .Take(limit)
            .Select(a => new AgentRecord(a.Id, a.Name, a.Kind, a.Policy, a.OwnerUserId, a.IsBuiltin, a.CreatedAt))
            .ToListAsync(cancellationToken);
    }

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
    private static async Task<IReadOnlyList<MatchRatingChange>> RateMatchAsync(
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
        var finishedAt = Stored(match.FinishedAt);
        var winner = winnerSide == 0 ? match.PlayerOne : match.PlayerTwo;
        var loser = winnerSide == 0 ? match.PlayerTwo : match.PlayerOne;

        var rows = new Dictionary<Participant, RatingRow>();
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
    /// unique index, and <see cref="WriteAsync{T}"/> runs that unit again, which then finds the row).
    /// </summary>
    private static async Task<RatingRow> LockRatingAsync(
        ArchiveDbContext db,
        Participant participant,
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
            UserId = participant.UserId,
            AgentId = participant.AgentId,
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
    private static async Task<IReadOnlyList<MatchRatingChange>> RecordedRatingChangesAsync(
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
                    Participant.FromColumns(x.UserId, x.AgentId),
                    new GlickoRating(x.History.RatingBefore, x.History.DeviationBefore, x.History.VolatilityBefore),
                    new GlickoRating(x.History.RatingAfter, x.History.DeviationAfter, x.History.VolatilityAfter)
                ))
                .OrderBy(c => c.Participant == match.PlayerOne ? 0 : 1),
        ];
    }

    private static Glicko2Rating GlickoOf(RatingRow row) => new(row.Rating, row.Deviation, row.Volatility);

    private static GlickoRating ToArchive(Glicko2Rating rating) => new(rating.Rating, rating.Deviation, rating.Volatility);

    /// <summary>The one order in which every archive transaction locks rating rows: users before agents, then by id.</summary>
    private sealed class LockOrder : IComparer<Participant>
    {
        public static LockOrder Instance { get; } = new();

        public int Compare(Participant? x, Participant? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return x.IsUser != y.IsUser ? (x.IsUser ? -1 : 1) : (x.UserId ?? x.AgentId!.Value).CompareTo(y.UserId ?? y.AgentId!.Value);
        }
    }
}
