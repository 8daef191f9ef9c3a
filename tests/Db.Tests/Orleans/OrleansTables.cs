using Npgsql;

namespace Battleship.Db.Tests.Orleans;

/// <summary>The Orleans tables read directly with plain SQL, to see what a provider wrote.</summary>
internal static class OrleansTables
{
    /// <summary>Every row <paramref name="query"/> returns, each read by <paramref name="row"/>; a parameter's name is its <c>@name</c> in the query.</summary>
    public static Task<List<T>> QueryAsync<T>(
        string connectionString,
        string query,
        Func<NpgsqlDataReader, T> row,
        params (string Name, object Value)[] parameters
    ) => PlainSql.QueryAsync(connectionString, query, row, [.. parameters.Select(p => new NpgsqlParameter(p.Name, p.Value))]);
}
