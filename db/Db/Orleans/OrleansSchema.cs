using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Battleship.Db.Orleans;

/// <summary>
/// The project's own SQL for the tables and stored queries that Orleans' ADO.NET providers expect
/// (clustering, grain storage, reminders), embedded in this assembly under
/// <c>Orleans/PostgreSql/*.sql</c> and <c>Orleans/SqlServer/*.sql</c>, and the code that applies it.
/// Every script is idempotent, so applying the schema to a database that already has it changes
/// nothing but the stored query texts, which it brings up to date. See <c>docs/orleans-sql.md</c>.
/// </summary>
public static partial class OrleansSchema
{
    // Serialises concurrent appliers (two migrators, or tests) on the same database.
    private const long PostgreSqlAdvisoryLockKey = 0x4261_7474_6C65_4F72; // "BattleOr"
    private const string SqlServerAppLockResource = "Battleship.Db.Orleans";
    private const int CommandTimeoutSeconds = 120;

    /// <summary>
    /// The embedded scripts for a provider, in the order they must run (by file name:
    /// <c>0001-main.sql</c>, <c>0002-clustering.sql</c>, ...).
    /// </summary>
    /// <param name="provider">The database the scripts are written for.</param>
    /// <returns>The scripts, each with its file name and its full text.</returns>
    public static IReadOnlyList<OrleansSchemaScript> GetScripts(DatabaseProvider provider)
    {
        var assembly = typeof(OrleansSchema).Assembly;
        var prefix = $"{typeof(OrleansSchema).Namespace}.{FolderOf(provider)}.";
        var scripts = new List<OrleansSchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            scripts.Add(new OrleansSchemaScript(resource[prefix.Length..], ReadResource(assembly, resource)));
        }

        scripts.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return scripts.Count > 0 ? scripts : throw new InvalidOperationException($"No embedded Orleans scripts found under '{prefix}'.");
    }

    /// <summary>
    /// Creates or updates the Orleans tables and stored queries in the database that
    /// <paramref name="connectionString"/> names. The scripts run in order inside one transaction
    /// (both PostgreSQL and SQL Server can roll back DDL), under a database-wide lock so that two
    /// appliers do not race; applying twice is harmless.
    /// </summary>
    /// <param name="provider">Which database the connection string is for.</param>
    /// <param name="connectionString">An Npgsql or SqlClient connection string to an existing database.</param>
    /// <param name="cancellationToken">Cancels the work; the transaction then rolls back.</param>
    /// <returns>A task that completes when the schema is in place.</returns>
    /// <exception cref="ArgumentException">The connection string is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The provider is not a defined value.</exception>
    public static Task ApplyAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return provider switch
        {
            DatabaseProvider.PostgreSql => ApplyAsync(
                NpgsqlFactory.Instance,
                connectionString,
                LockPostgreSqlAsync,
                GetScripts(provider).Select(script => script.Sql),
                cancellationToken
            ),
            DatabaseProvider.SqlServer => ApplyAsync(
                SqlClientFactory.Instance,
                connectionString,
                LockSqlServerAsync,
                GetScripts(provider).SelectMany(script => SplitSqlServerBatches(script.Sql)),
                cancellationToken
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
    }

    /// <summary>
    /// Splits a SQL Server script into the batches that <c>GO</c> lines separate (GO is a client-side
    /// separator that the server does not understand). Empty batches are dropped.
    /// </summary>
    internal static IReadOnlyList<string> SplitSqlServerBatches(string script) =>
        [.. GoSeparator().Split(script).Where(batch => !string.IsNullOrWhiteSpace(batch)).Select(batch => batch.Trim())];

    /// <summary>
    /// Runs <paramref name="batches"/> in order on one connection of <paramref name="database"/>, in
    /// one transaction, after <paramref name="takeLock"/> took the database-wide lock.
    /// </summary>
    private static async Task ApplyAsync(
        DbProviderFactory database,
        string connectionString,
        Func<DbConnection, DbTransaction, CancellationToken, Task> takeLock,
        IEnumerable<string> batches,
        CancellationToken cancellationToken
    )
    {
        await using var connection =
            database.CreateConnection() ?? throw new InvalidOperationException("The provider creates no connections.");
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await takeLock(connection, transaction, cancellationToken).ConfigureAwait(false);

        foreach (var batch in batches)
        {
            await using var command = Command(connection, transaction, batch);
            command.CommandTimeout = CommandTimeoutSeconds;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // The lock is released at commit or rollback; the NOTICEs of IF NOT EXISTS are noise here.
    private static async Task LockPostgreSqlAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            transaction,
            "SELECT pg_advisory_xact_lock(@key); SET LOCAL client_min_messages = warning;"
        );
        command.Parameters.Add(new NpgsqlParameter("key", PostgreSqlAdvisoryLockKey));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task LockSqlServerAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "sp_getapplock");
        command.CommandType = CommandType.StoredProcedure;
        command.Parameters.Add(new SqlParameter("@Resource", SqlServerAppLockResource));
        command.Parameters.Add(new SqlParameter("@LockMode", "Exclusive"));
        command.Parameters.Add(new SqlParameter("@LockOwner", "Transaction"));
        command.Parameters.Add(new SqlParameter("@LockTimeout", CommandTimeoutSeconds * 1000));
        var result = new SqlParameter("@Result", SqlDbType.Int) { Direction = ParameterDirection.ReturnValue };
        command.Parameters.Add(result);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if ((int)result.Value < 0)
        {
            throw new InvalidOperationException(
                $"Could not take the '{SqlServerAppLockResource}' application lock (sp_getapplock returned {result.Value})."
            );
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    private static string FolderOf(DatabaseProvider provider) =>
        provider switch
        {
            DatabaseProvider.PostgreSql => "PostgreSql",
            DatabaseProvider.SqlServer => "SqlServer",
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream =
            assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing embedded resource '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(
        @"^[ \t]*GO[ \t]*(?:--[^\r\n]*)?\r?$",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant
    )]
    private static partial Regex GoSeparator();
}
