using Npgsql;

namespace Battleship.Db.Tests;

/// <summary>
/// Plain SQL against a test database, for what the tests set up or check around the code under test
/// (rows written behind a store's back, what a provider stored, the plan of a query). A parameter
/// is positional (<c>$1</c>, <c>$2</c> … in order) unless it is an <see cref="NpgsqlParameter"/>
/// with a name (<c>@name</c> in the query).
/// </summary>
internal static class PlainSql
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every row <paramref name="sql"/> returns, each read by <paramref name="row"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        string connectionString,
        string sql,
        Func<NpgsqlDataReader, T> row,
        params object[] parameters
    )
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(row(reader));
        }
        return rows;
    }

    /// <summary>The first column of the first row (null for none or SQL NULL).</summary>
    public static async Task<object?> ScalarAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(Ct);
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a statement and answers how many rows it changed.</summary>
    public static async Task<int> ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter });
        }
        return command;
    }
}
