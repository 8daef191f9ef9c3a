using Battleship.Db.Archive.Entities;
using Battleship.Grains.Models;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>The archive's ratings (<c>ratings</c>): each participant's rating and record, and the ladder.</summary>
/// <param name="contexts">Contexts of the configured engine.</param>
public sealed class RatingStore(IDbContextFactory<ArchiveDbContext> contexts)
{
    /// <summary>
    /// The ladder: ratings, highest first (ties: lower deviation first, then id, so the order is
    /// total and pages never overlap), read along the index <c>ix_ratings_rating_deviation_id</c>.
    /// </summary>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="Limits.MaxPageSize"/>.</param>
    /// <param name="scope">Users, agents or both.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public async Task<Page<LadderEntry>> GetLadderAsync(
        int page,
        int pageSize,
        LadderScope scope = LadderScope.All,
        CancellationToken cancellationToken = default
    )
    {
        var skip = ArchiveWriter.Skip(page, pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ratings = scope switch
        {
            LadderScope.All => db.Ratings.AsNoTracking(),
            LadderScope.Users => db.Ratings.AsNoTracking().Where(r => r.UserId != null),
            LadderScope.Agents => db.Ratings.AsNoTracking().Where(r => r.AgentId != null),
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown ladder scope."),
        };
        var total = await ratings.CountAsync(cancellationToken);
        var rows = await InLadderOrder(ratings)
            .Skip(skip)
            .Take(pageSize)
            .Select(r => new { Row = r, Name = r.UserId != null ? r.User!.DisplayName : r.Agent!.Name })
            .ToListAsync(cancellationToken);
        var items = rows.Select((x, i) => new LadderEntry(skip + i + 1, x.Name, ArchiveModels.Rating(x.Row))).ToList();
        return new Page<LadderEntry>(items, page, pageSize, total);
    }

    /// <summary>
    /// One participant's line of the ladder, with its position: one more than the rows of the scope
    /// ahead of it in <see cref="InLadderOrder"/>, so it agrees with the pages of <see cref="GetLadderAsync"/>.
    /// </summary>
    /// <param name="participant">The user or agent.</param>
    /// <param name="scope">Users, agents or both; a user is not on the agents' ladder, nor an agent on the users'.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The line, or null when the participant has no rating yet or is outside the scope.</returns>
    public async Task<LadderEntry?> GetLadderEntryAsync(
        ParticipantRef participant,
        LadderScope scope = LadderScope.All,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(participant);
        var inScope = scope switch
        {
            LadderScope.All => true,
            LadderScope.Users => participant.Kind == ParticipantKind.User,
            LadderScope.Agents => participant.Kind == ParticipantKind.Agent,
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Unknown ladder scope."),
        };
        if (!inScope)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = await RatingOf(db, participant)
            .AsNoTracking()
            .Select(r => new { Row = r, Name = r.UserId != null ? r.User!.DisplayName : r.Agent!.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (mine is null)
        {
            return null;
        }
        var (rating, deviation, id) = (mine.Row.Rating, mine.Row.Deviation, mine.Row.Id);
        var ratings = scope switch
        {
            LadderScope.Users => db.Ratings.Where(r => r.UserId != null),
            LadderScope.Agents => db.Ratings.Where(r => r.AgentId != null),
            _ => db.Ratings,
        };
        var ahead = await ratings.CountAsync(
            r =>
                r.Rating > rating
                || (r.Rating == rating && r.Deviation < deviation)
                || (r.Rating == rating && r.Deviation == deviation && r.Id.CompareTo(id) < 0),
            cancellationToken
        );
        return new LadderEntry(ahead + 1, mine.Name, ArchiveModels.Rating(mine.Row));
    }

    /// <summary>
    /// The ladder's order: rating, highest first, then lower deviation, then id, which makes it total
    /// (equal ratings always rank the same way, and pages neither overlap nor skip). The index
    /// <c>ix_ratings_rating_deviation_id</c> has exactly this order, so a page is read along it
    /// without sorting.
    /// </summary>
    internal static IOrderedQueryable<RatingRow> InLadderOrder(IQueryable<RatingRow> ratings) =>
        ratings.OrderByDescending(r => r.Rating).ThenBy(r => r.Deviation).ThenBy(r => r.Id);

    /// <summary>A participant's current rating and record.</summary>
    /// <param name="participant">The user or agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rating, or null before the participant's first rated match.</returns>
    public async Task<RatingRecord?> GetRatingAsync(ParticipantRef participant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participant);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await RatingOf(db, participant).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : ArchiveModels.Rating(row);
    }

    internal static IQueryable<RatingRow> RatingOf(ArchiveDbContext db, ParticipantRef participant)
    {
        var userId = ArchiveModels.UserId(participant);
        var agentId = ArchiveModels.AgentId(participant);
        return userId is not null ? db.Ratings.Where(r => r.UserId == userId) : db.Ratings.Where(r => r.AgentId == agentId);
    }
}
