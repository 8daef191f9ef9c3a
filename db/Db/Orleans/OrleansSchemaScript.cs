namespace Battleship.Db.Orleans;

/// <summary>One embedded Orleans schema script.</summary>
/// <param name="Name">The file name, e.g. <c>0002-clustering.sql</c>; scripts run in ordinal order of it.</param>
/// <param name="Sql">The full text of the script.</param>
public sealed record OrleansSchemaScript(string Name, string Sql);
