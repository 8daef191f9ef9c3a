using Battleship.Db.Archive.Entities;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>
/// What every store of the archive shares: contexts from the (pooled) factory, and one way to write.
/// Each write runs inside the provider's execution strategy (which retries transient failures), in
/// a transaction begun and committed on a fresh context; when a unique index refuses a row that a
/// concurrent writer inserted first, the whole unit is run again (up to <see cref="MaxAttempts"/>
/// times), which is what makes the upserts, the identity mapping and the archiving idempotent under
/// concurrency. Thread-safe; a singleton.
/// </summary>
/// <param name="contexts">Contexts of the configured engine (registered by <c>AddBattleshipArchive</c>).</param>
public sealed class ArchiveWriter(IDbContextFactory<ArchiveDbContext> contexts)
{
    /// <summary>How often a write is tried when unique indexes keep refusing it.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Runs <paramref name="read"/> on a fresh context.</summary>
    /// <typeparam name="T">What it reads.</typeparam>
    /// <param name="read">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the query read.</returns>
    public async Task<T> ReadAsync<T>(Func<ArchiveDbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await read(db, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction on a fresh context, inside the execution
    /// strategy, and runs it again when a unique index refused a row that a concurrent writer
    /// committed first.
    /// </summary>
    /// <typeparam name="T">What the unit answers.</typeparam>
    /// <param name="work">The unit of work.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the unit answered on the attempt that committed.</returns>
    public async Task<T> WriteAsync<T>(Func<ArchiveDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            try
            {
                return await db
                    .Database.CreateExecutionStrategy()
                    .ExecuteAsync(
                        (db, work),
                        static async (state, ct) =>
                        {
                            var (context, unit) = state;
                            context.ChangeTracker.Clear();
                            await using var transaction = await context.Database.BeginTransactionAsync(ct);
                            var result = await unit(context, ct);
                            await transaction.CommitAsync(ct);
                            return result;
                        },
                        cancellationToken
                    );
            }
            catch (Exception exception) when (attempt < MaxAttempts && ArchiveErrors.IsUniqueViolation(exception))
            {
                // Another writer inserted the same key and committed; the next attempt reads its row.
            }
        }
    }

    /// <summary>
    /// Inserts or updates the row of <paramref name="id"/> in <paramref name="table"/>: a missing row
    /// is added with <paramref name="createdAt"/> (kept from then on), then <paramref name="update"/>
    /// sets everything else, in one write (<see cref="WriteAsync{T}"/>).
    /// </summary>
    /// <typeparam name="TRow">The rows.</typeparam>
    /// <param name="table">The table.</param>
    /// <param name="id">The row's id.</param>
    /// <param name="createdAt">When the row's subject was created.</param>
    /// <param name="update">Sets the row's other columns.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the row was created.</returns>
    public Task<bool> UpsertAsync<TRow>(
        Func<ArchiveDbContext, DbSet<TRow>> table,
        Guid id,
        DateTimeOffset createdAt,
        Action<TRow> update,
        CancellationToken cancellationToken
    )
        where TRow : class, IUpsertedRow, new()
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(update);
        return WriteAsync(
            async (db, ct) =>
            {
                var rows = table(db);
                var row = await rows.SingleOrDefaultAsync(r => r.Id == id, ct);
                var created = row is null;
                if (row is null)
                {
                    row = new TRow { Id = id, CreatedAt = Stored(createdAt) };
                    rows.Add(row);
                }
                update(row);
                await db.SaveChangesAsync(ct);
                return created;
            },
            cancellationToken
        );
    }

    /// <summary>
    /// Deletes a participant (a user or an agent) unless an archived match names it:
    /// <see cref="DeleteOutcome.NotFound"/> when there is no such participant,
    /// <see cref="DeleteOutcome.InUse"/> when it has played (or a foreign key refuses the delete,
    /// for a match archived meanwhile), else <paramref name="detach"/> runs and its row is deleted.
    /// </summary>
    /// <param name="participant">The user or agent.</param>
    /// <param name="detach">Detaches what refers to it where the database does not.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    public async Task<DeleteOutcome> DeleteUnlessPlayedAsync(
        ParticipantRef participant,
        Func<ArchiveDbContext, CancellationToken, Task> detach,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(detach);
        var id = participant.Id;
        var isUser = participant.Kind == ParticipantKind.User;
        try
        {
            return await WriteAsync(
                async (db, ct) =>
                {
                    if (!await (isUser ? db.Users.AnyAsync(u => u.Id == id, ct) : db.Agents.AnyAsync(a => a.Id == id, ct)))
                    {
                        return DeleteOutcome.NotFound;
                    }
                    if (await MatchStore.MatchesOf(db, participant).AnyAsync(ct))
                    {
                        return DeleteOutcome.InUse;
                    }
                    await detach(db, ct);
                    // The database does the rest: ratings (and their history) cascade, training jobs set null.
                    await (
                        isUser
                            ? db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(ct)
                            : db.Agents.Where(a => a.Id == id).ExecuteDeleteAsync(ct)
                    );
                    return DeleteOutcome.Deleted;
                },
                cancellationToken
            );
        }
        catch (Exception exception) when (ArchiveErrors.IsReferenceViolation(exception))
        {
            // A match naming the participant was archived between the check and the delete.
            return DeleteOutcome.InUse;
        }
    }

    /// <summary>
    /// One page of <paramref name="rows"/> read on a fresh context (<see cref="PageAsync"/>), each
    /// row mapped by <paramref name="map"/> once read.
    /// </summary>
    /// <typeparam name="TRow">The rows.</typeparam>
    /// <typeparam name="T">What a page holds.</typeparam>
    /// <param name="rows">All the rows of the list.</param>
    /// <param name="order">Their order (total).</param>
    /// <param name="map">What a row becomes (in memory).</param>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="Limits.MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<Page<T>> ReadPageAsync<TRow, T>(
        Func<ArchiveDbContext, IQueryable<TRow>> rows,
        Func<IQueryable<TRow>, IOrderedQueryable<TRow>> order,
        Func<TRow, T> map,
        int page,
        int pageSize,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(map);
        return ReadAsync(
            async (db, ct) => (await PageAsync(rows(db), order, selected => selected, page, pageSize, ct)).Map(map),
            cancellationToken
        );
    }

    /// <summary>
    /// One page of <paramref name="rows"/> in <paramref name="order"/> (which must be total, so that
    /// pages neither overlap nor skip), projected by <paramref name="select"/>, with the count of all rows.
    /// </summary>
    /// <typeparam name="TRow">The rows.</typeparam>
    /// <typeparam name="T">What a page holds.</typeparam>
    /// <param name="rows">All the rows of the list.</param>
    /// <param name="order">Their order.</param>
    /// <param name="select">The projection of a page's rows (translated to SQL).</param>
    /// <param name="page">1-based page.</param>
    /// <param name="pageSize">1 to <see cref="Limits.MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public static async Task<Page<T>> PageAsync<TRow, T>(
        IQueryable<TRow> rows,
        Func<IQueryable<TRow>, IOrderedQueryable<TRow>> order,
        Func<IQueryable<TRow>, IQueryable<T>> select,
        int page,
        int pageSize,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(select);
        var skip = Skip(page, pageSize);
        var total = await rows.CountAsync(cancellationToken);
        var items = await select(order(rows).Skip(skip).Take(pageSize)).ToListAsync(cancellationToken);
        return new Page<T>(items, page, pageSize, total);
    }

    /// <summary>Refuses blank text and text longer than <paramref name="maxLength"/> (a column's length).</summary>
    /// <param name="value">The text.</param>
    /// <param name="maxLength">The most characters allowed.</param>
    /// <param name="parameterName">The argument it came from.</param>
    public static void RequireText(string value, int maxLength, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"At most {maxLength} characters are allowed; got {value.Length}.", parameterName);
        }
    }

    /// <summary>The rows before page <paramref name="page"/>; refuses a page below 1 or a size outside 1 to <see cref="Limits.MaxPageSize"/>.</summary>
    /// <param name="page">The 1-based page.</param>
    /// <param name="pageSize">Rows per page.</param>
    /// <returns>The rows to skip.</returns>
    public static int Skip(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, Limits.MaxPageSize);
        return Paging.Skip(page, pageSize);
    }

    /// <summary>A time as the archive stores it (<see cref="StoredTime"/>).</summary>
    internal static DateTimeOffset Stored(DateTimeOffset value) => StoredTime.Of(value);

    /// <summary>A time as the archive stores it, or null.</summary>
    internal static DateTimeOffset? Stored(DateTimeOffset? value) => StoredTime.Of(value);
}
