using Npgsql;

namespace Battleship.Db.Tests.Archive;

/// <summary>Asserts that PostgreSQL refused a statement with a given SQLSTATE (and constraint).</summary>
internal static class PostgresAssert
{
    public const string UniqueViolation = PostgresErrorCodes.UniqueViolation;
    public const string ForeignKeyViolation = PostgresErrorCodes.ForeignKeyViolation;
    public const string CheckViolation = PostgresErrorCodes.CheckViolation;

    public static async Task<PostgresException> RefusedAsync(string sqlState, string? constraint, Func<Task> action)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(action);
        var postgres = Find(exception) ?? throw new Xunit.Sdk.XunitException($"Expected a PostgreSQL error {sqlState}, got {exception}");
        Assert.Equal(sqlState, postgres.SqlState);
        if (constraint is not null)
        {
            Assert.Equal(constraint, postgres.ConstraintName);
        }
        return postgres;
    }

    private static PostgresException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException postgres)
            {
                return postgres;
            }
        }
        return null;
    }
}
