namespace Battleship.Db;

/// <summary>The relational databases the project supports, chosen by configuration.</summary>
public enum DatabaseProvider
{
    /// <summary>PostgreSQL through Npgsql: the default, and what the tests run against.</summary>
    PostgreSql,

    /// <summary>SQL Server through Microsoft.Data.SqlClient.</summary>
    SqlServer,
}
