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

    private static Exception? Find(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException or SqlException)
            {
                return current;
            }
        }
        return null;
    }
}
