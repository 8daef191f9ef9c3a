using System.ComponentModel;
using System.Globalization;

namespace Battleship.Db;

/// <summary>The relational databases the project supports, chosen by configuration.</summary>
[TypeConverter(typeof(DatabaseProviderConverter))]
public enum DatabaseProvider
{
    /// <summary>PostgreSQL through Npgsql: the default, and what the tests run against.</summary>
    PostgreSql,

    SqlServer,
}

/// <summary>Reads a <see cref="DatabaseProvider"/> from configuration text.</summary>
public static class DatabaseProviders
{
    /// <summary>
    /// Parses a provider name. Accepts the enum names and the ADO.NET invariants the Orleans
    /// providers use (<c>Npgsql</c>, <c>Microsoft.Data.SqlClient</c>), ignoring case, plus
    /// <c>postgres</c>, <c>postgresql</c> and <c>mssql</c>.
    /// </summary>
    /// <param name="value">The configured name.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentException">The name is not one of the above.</exception>
    public static DatabaseProvider Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToUpperInvariant() switch
        {
            "POSTGRESQL" or "POSTGRES" or "NPGSQL" => DatabaseProvider.PostgreSql,
            "SQLSERVER" or "MSSQL" or "MICROSOFT.DATA.SQLCLIENT" => DatabaseProvider.SqlServer,
            _ => throw new ArgumentException(
                $"Unknown database provider '{value}'. Use PostgreSql (Npgsql) or SqlServer (Microsoft.Data.SqlClient).",
                nameof(value)
            ),
        };
    }
}

/// <summary>Lets configuration binding read a <see cref="DatabaseProvider"/> with <see cref="DatabaseProviders.Parse"/>'s aliases.</summary>
public sealed class DatabaseProviderConverter : EnumConverter
{
    public DatabaseProviderConverter()
        : base(typeof(DatabaseProvider)) { }

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? DatabaseProviders.Parse(text) : base.ConvertFrom(context, culture, value);
}
