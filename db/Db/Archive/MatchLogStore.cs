using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Battleship.Db.Archive.Entities;
using Battleship.Grains.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Battleship.Db.Archive;

/// <summary>How <see cref="MatchLogStore"/> groups appends (configuration section <c>Battleship:MatchLog</c>).</summary>
public sealed class MatchLogOptions
{
    public const string SectionName = "Battleship:MatchLog";

    /// <summary>
    /// Rows written by one statement at most (SQL Server takes at most 2,100 parameters, nine a
    /// row); a group with more rows is written by several statements in one transaction.
    /// </summary>
    public int MaxRowsPerStatement { get; set; } = 200;

    /// <summary>Rows gathered into one group at most (each pending append is taken whole).</summary>
    public int MaxRowsPerGroup { get; set; } = 400;

    /// <summary>Groups in flight at once (each on its own connection).</summary>
    public int Writers { get; set; } = 2;
}

/// <summary>
/// <see cref="IMatchLogStore"/> on the configured engine (PostgreSQL or SQL Server), with group
/// commit: appends of many matches that wait at the same time are written together, as one
/// multi-row <c>INSERT</c> (one statement, so one transaction and one commit), by a few writers
/// that each take whatever has queued up while the previous group was being written. Nobody
/// waits for a timer: an append that finds a writer idle is written at once, alone. Each caller
/// is answered only after the group's commit, so "durable before acknowledged" holds as for a
/// single insert. A group that hits a position already written (a stale activation among them)
/// is rolled back whole by the database and its appends are written again one by one, so only
/// the stale writer sees <see cref="MatchLogConflictException"/>.
/// </summary>
/// <remarks>
/// The statement is built from the EF Core model (table, columns, each column's type mapping
/// with its value conversion), so it follows the mapping and both engines' dialects.
/// A thread-safe singleton over the pooled context factory; disposing it writes what is queued
/// and stops the writers.
/// </remarks>
public sealed class MatchLogStore : IMatchLogStore, IAsyncDisposable
{
    /// <summary>The meter of the database layer (<c>battleship.match_log.*</c>).</summary>
    public const string MeterName = "Battleship.Db";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<int> GroupRows = Meter.CreateHistogram(
        "battleship.match_log.group.rows",
        unit: "{row}",
        description: "Rows written by one group commit of the match log (the appends of every match that queued meanwhile).",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] }
    );

    private static readonly Counter<long> GroupsSplit = Meter.CreateCounter<long>(
        "battleship.match_log.groups_split",
        unit: "{group}",
        description: "Groups that met a position already written and were written again append by append."
    );

    private static readonly Func<MatchLogRow, object?>[] Values =
    [
        r => r.MatchId,
        r => r.Seq,
        r => r.Kind,
        r => r.Player,
        r => r.Cell,
        r => r.Outcome,
        r => r.SunkShip,
        r => r.At,
        r => r.Data,
    ];

    private static readonly string[] Properties =
    [
        nameof(MatchLogRow.MatchId),
        nameof(MatchLogRow.Seq),
        nameof(MatchLogRow.Kind),
        nameof(MatchLogRow.Player),
        nameof(MatchLogRow.Cell),
        nameof(MatchLogRow.Outcome),
        nameof(MatchLogRow.SunkShip),
        nameof(MatchLogRow.At),
        nameof(MatchLogRow.Data),
    ];

    private readonly IDbContextFactory<ArchiveDbContext> _contexts;
    private readonly MatchLogOptions _options;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>();
    private readonly Task[] _writers;
    private readonly ConcurrentDictionary<int, string> _statements = new();
    private Mapping? _mapping;

    /// <summary>Starts the writers.</summary>
    /// <param name="contexts">Contexts of the configured engine.</param>
    /// <param name="options">How appends are grouped.</param>
    public MatchLogStore(IDbContextFactory<ArchiveDbContext> contexts, IOptions<MatchLogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _contexts = contexts;
        _options = options.Value;
        if (_options.MaxRowsPerStatement < 1 || _options.MaxRowsPerGroup < 1 || _options.Writers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The match log's group sizes and writers must be at least 1.");
        }
        _writers = [.. Enumerable.Range(0, _options.Writers).Select(_ => Task.Run(WriteLoopAsync))];
    }

    /// <inheritdoc />
    /// <remarks>Cancelling abandons the wait only: entries already queued may still be written.</remarks>
    public async Task AppendAsync(Guid matchId, IReadOnlyList<MatchLogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Seq != entries[0].Seq + i)
            {
                throw new ArgumentException("Log entries are appended at consecutive positions.", nameof(entries));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingAppend(matchId, entries);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is queued, then stops the writers.</summary>
    /// <returns>A task that completes once the writers have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var group = new List<PendingAppend>();
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            var rows = 0;
            while (rows < _options.MaxRowsPerGroup && reader.TryRead(out var pending))
            {
                group.Add(pending);
                rows += pending.Entries.Count;
            }
            if (group.Count > 0)
            {
                await WriteGroupAsync(group);
            }
        }
    }

    /// <summary>Writes a group in one transaction; on a position already written, each append alone. Never throws.</summary>
    private async Task WriteGroupAsync(List<PendingAppend> group)
    {
        try
        {
            await InsertAsync(group);
            GroupRows.Record(group.Sum(p => p.Entries.Count));
            foreach (var pending in group)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception e) when (group.Count > 1 && ArchiveErrors.IsUniqueViolation(e))
        {
            GroupsSplit.Add(1);
            foreach (var pending in group)
            {
                await WriteGroupAsync([pending]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(
                    ArchiveErrors.IsUniqueViolation(e) ? new MatchLogConflictException(pending.MatchId, pending.Entries[0].Seq, e) : e
                );
            }
        }
    }

    private async Task InsertAsync(List<PendingAppend> group)
    {
        var rows = new List<MatchLogRow>();
        foreach (var pending in group)
        {
            foreach (var entry in pending.Entries)
            {
                rows.Add(ToRow(pending.MatchId, entry));
            }
        }
        await using var db = await _contexts.CreateDbContextAsync();
        var mapping = _mapping ??= new Mapping(db);
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = rows.Count > _options.MaxRowsPerStatement ? await connection.BeginTransactionAsync() : null;
            for (var first = 0; first < rows.Count; first += _options.MaxRowsPerStatement)
            {
                var count = Math.Min(_options.MaxRowsPerStatement, rows.Count - first);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = _statements.GetOrAdd(count, mapping.InsertStatement);
                for (var r = 0; r < count; r++)
                {
                    for (var c = 0; c < Values.Length; c++)
                    {
                        command.Parameters.Add(mapping.Parameter(command, c, r * Values.Length + c, Values[c](rows[first + r])));
                    }
                }
                await command.ExecuteNonQueryAsync();
            }
            if (transaction is not null)
            {
                await transaction.CommitAsync();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static MatchLogRow ToRow(Guid matchId, MatchLogEntry entry) =>
        new()
        {
            MatchId = matchId,
            Seq = entry.Seq,
            Kind = entry.Kind,
            Player = (short?)entry.Player,
            Cell = entry.Cell is { } cell ? checked((short)cell) : null,
            Outcome = entry.Outcome,
            SunkShip = entry.SunkShip,
            At = StoredTime.Of(entry.At),
            Data = entry.Data,
        };

    /// <inheritdoc />
    public async Task<IReadOnlyList<MatchLogEntry>> ReadAsync(Guid matchId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db
            .MatchLog.AsNoTracking()
            .Where(e => e.MatchId == matchId)
            .OrderBy(e => e.Seq)
            .Select(e => new MatchLogEntry(e.Seq, e.Kind, e.Player, e.Cell, e.Outcome, e.SunkShip, e.At, e.Data))
            .ToListAsync(cancellationToken);
    }

    /// <summary>An append waiting for its group's commit.</summary>
    private sealed record PendingAppend(Guid MatchId, IReadOnlyList<MatchLogEntry> Entries)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The table, its columns and their type mappings, as the engine's EF Core model maps <see cref="MatchLogRow"/>.</summary>
    private sealed class Mapping
    {
        private readonly ISqlGenerationHelper _sql;
        private readonly string _table;
        private readonly string[] _columns;
        private readonly RelationalTypeMapping[] _types;

        public Mapping(ArchiveDbContext db)
        {
            _sql = db.GetService<ISqlGenerationHelper>();
            var entity =
                db.Model.FindEntityType(typeof(MatchLogRow))
                ?? throw new InvalidOperationException("The model does not map the match log.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            _table = _sql.DelimitIdentifier(table.Name, table.Schema);
            var properties = Properties.Select(p => entity.FindProperty(p)!).ToArray();
            _columns = [.. properties.Select(p => _sql.DelimitIdentifier(p.GetColumnName(table)!))];
            _types = [.. properties.Select(p => p.GetRelationalTypeMapping())];
        }

        /// <summary><c>INSERT</c> of <paramref name="rows"/> rows, parameters <c>p0</c>, <c>p1</c> … row by row.</summary>
        public string InsertStatement(int rows)
        {
            var text = new StringBuilder("INSERT INTO ").Append(_table).Append(" (").AppendJoin(", ", _columns).Append(") VALUES ");
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < _columns.Length; c++)
                {
                    text.Append(c == 0 ? "" : ", ").Append(_sql.GenerateParameterNamePlaceholder(Name(r * _columns.Length + c)));
                }
                text.Append(')');
            }
            return text.ToString();
        }

        /// <summary>Parameter number <paramref name="index"/>, for column <paramref name="column"/>, with the column's conversion and store type.</summary>
        public DbParameter Parameter(DbCommand command, int column, int index, object? value) =>
            _types[column].CreateParameter(command, Name(index), value, nullable: true);

        private static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"p{index}");
    }
}
