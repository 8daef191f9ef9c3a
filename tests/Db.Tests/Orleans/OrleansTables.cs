using Npgsql;

namespace Battleship.Db.Tests.Orleans;

/// <summary>The Orleans tables read directly with plain SQL, to see what a provider wrote.</summary>
internal static class OrleansTables
{
    /// <summary>Every row <paramref name="query"/> returns, each read by <paramref name="row"/>; a parameter's name is its <c>@name</c> in the query.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        string connectionString,
        string query,
        Func<NpgsqlDataReader, T> row,
        params (string Name, object Value)[] parameters
    )
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(query, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(row(reader));
        }
        return rows;
    }
}
