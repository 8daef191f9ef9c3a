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
            DatabaseProvider.PostgreSql => ApplyPostgreSqlAsync(connectionString, GetScripts(provider), cancellationToken),
            DatabaseProvider.SqlServer => ApplySqlServerAsync(connectionString, GetScripts(provider), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
    }

    /// <summary>
    /// Splits a SQL Server script into the batches that <c>GO</c> lines separate (GO is a client-side
    /// separator that the server does not understand). Empty batches are dropped.
    /// </summary>
    internal static IReadOnlyList<string> SplitSqlServerBatches(string script) =>
        [.. GoSeparator().Split(script).Where(batch => !string.IsNullOrWhiteSpace(batch)).Select(batch => batch.Trim())];

    private static async Task ApplyPostgreSqlAsync(
        string connectionString,
        IReadOnlyList<OrleansSchemaScript> scripts,
        CancellationToken cancellationToken
    )
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The lock is released at commit or rollback; the NOTICEs of IF NOT EXISTS are noise here.
        await using (
            var prepare = new NpgsqlCommand(
                "SELECT pg_advisory_xact_lock(@key); SET LOCAL client_min_messages = warning;",
                connection,
                transaction
            )
        )
        {
            prepare.Parameters.AddWithValue("key", PostgreSqlAdvisoryLockKey);
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var script in scripts)
        {
            await using var command = new NpgsqlCommand(script.Sql, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ApplySqlServerAsync(
        string connectionString,
        IReadOnlyList<OrleansSchemaScript> scripts,
        CancellationToken cancellationToken
    )
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var applock = new SqlCommand("sp_getapplock", connection, transaction))
        {
            applock.CommandType = System.Data.CommandType.StoredProcedure;
            applock.Parameters.AddWithValue("@Resource", SqlServerAppLockResource);
            applock.Parameters.AddWithValue("@LockMode", "Exclusive");
            applock.Parameters.AddWithValue("@LockOwner", "Transaction");
            applock.Parameters.AddWithValue("@LockTimeout", CommandTimeoutSeconds * 1000);
            var result = applock.Parameters.Add("@Result", System.Data.SqlDbType.Int);
            result.Direction = System.Data.ParameterDirection.ReturnValue;
            await applock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if ((int)result.Value < 0)
            {
                throw new InvalidOperationException(
                    $"Could not take the '{SqlServerAppLockResource}' application lock (sp_getapplock returned {result.Value})."
                );
            }
        }

        foreach (var script in scripts)
        {
            foreach (var batch in SplitSqlServerBatches(script.Sql))
            {
                await using var command = new SqlCommand(batch, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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
