using System.Text.RegularExpressions;

namespace Battleship.Db.Tests.Orleans;

/// <summary>Reads the stored query rows out of the schema scripts, without a database.</summary>
internal static partial class ScriptQueries
{
    /// <summary>Every (QueryKey, QueryText) row that the scripts of a provider upsert, by key.</summary>
    public static IReadOnlyDictionary<string, string> Parse(DatabaseProvider provider, IEnumerable<string> scripts)
    {
        var pattern = provider == DatabaseProvider.PostgreSql ? PostgreSqlRow() : SqlServerRow();
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var script in scripts)
        {
            foreach (Match row in pattern.Matches(script))
            {
                var text = row.Groups["text"].Value;
                Assert.True(
                    queries.TryAdd(
                        row.Groups["key"].Value,
                        provider == DatabaseProvider.SqlServer ? text.Replace("''", "'", StringComparison.Ordinal) : text
                    ),
                    $"{provider}: query key {row.Groups["key"].Value} is defined twice."
                );
            }
        }

        return queries;
    }

    /// <summary>The parameters (<c>@Name</c>) a query text uses, less its own <c>DECLARE</c>d variables.</summary>
    public static SortedSet<string> Parameters(string queryText)
    {
        var declared = Declared().Matches(queryText).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        return new SortedSet<string>(
            Parameter().Matches(queryText).Select(m => m.Groups["name"].Value).Where(n => !declared.Contains(n)),
            StringComparer.Ordinal
        );
    }

    // ('Key', $query$ ... $query$)
    [GeneratedRegex(@"\(\s*'(?<key>\w+)'\s*,\s*\$query\$(?<text>.*?)\$query\$\s*\)", RegexOptions.Singleline)]
    private static partial Regex PostgreSqlRow();

    // (N'Key', N' ... ') with '' for a quote inside the text
    [GeneratedRegex(@"\(\s*N'(?<key>\w+)'\s*,\s*N'(?<text>(?:[^']|'')*)'\s*\)", RegexOptions.Singleline)]
    private static partial Regex SqlServerRow();

    [GeneratedRegex(@"(?<!@)@(?<name>[A-Za-z_]\w*)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\bDECLARE\s+@(?<name>[A-Za-z_]\w*)", RegexOptions.IgnoreCase)]
    private static partial Regex Declared();
}
