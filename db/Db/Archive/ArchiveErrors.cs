using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Battleship.Db.Archive;

/// <summary>Recognises constraint violations from either engine, wherever EF Core wrapped them.</summary>
public static class ArchiveErrors
{
    /// <summary>A unique index or primary key was violated (PostgreSQL 23505; SQL Server 2627, 2601).</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        Find(exception) switch
        {
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
            SqlException sql => sql.Number is 2627 or 2601,
            _ => false,
        };

    /// <summary>
    /// A foreign key refused a delete (PostgreSQL 23503; SQL Server 547, which it also uses for
    /// check constraints, so call this only around deletes).
    /// </summary>
    public static bool IsReferenceViolation(Exception exception) =>
        Find(exception) switch
        {
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
            SqlException sql => sql.Number == 547,
            _ => false,
        };

    /// <summary>
    /// The database could not be reached or could not serve the request (connection refused or
    /// lost, server shutting down, out of connections, a timeout), as opposed to a request it
    /// refused on a constraint (class 23 on PostgreSQL; 2627, 2601 and 547 on SQL Server):
    /// anything that a retry a little later may cure, and that is not the caller's fault.
    /// </summary>
    public static bool IsOutage(Exception exception) =>
        Find(exception) switch
        {
            PostgresException postgres => !(SqlStateOf(postgres)?.StartsWith("23", StringComparison.Ordinal) ?? false),
            SqlException sql => sql.Number is not (2627 or 2601 or 547),
            _ => Chain(exception)
                .Any(e =>
                    e is DbException or TimeoutException or SocketException || e is AggregateException a && a.InnerExceptions.Any(IsOutage)
                ),
        };

    /// <summary>
    /// The SQLSTATE of <paramref name="postgres"/>; after crossing between silo and client (Orleans
    /// carries an exception's message, not its properties) it is read from the message, which
    /// Npgsql starts with it ("55000: database … is not currently accepting connections").
    /// </summary>
    private static string? SqlStateOf(PostgresException postgres) =>
        postgres.SqlState ?? (postgres.Message is { Length: > 6 } message && message[5] == ':' ? message[..5] : null);

    private static Exception? Find(Exception exception) => Chain(exception).FirstOrDefault(e => e is PostgresException or SqlException);

    /// <summary><paramref name="exception"/> and its inner exceptions, outermost first.</summary>
    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
