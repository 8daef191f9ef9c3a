namespace Battleship.Db.Archive;

/// <summary>
/// Lengths of the archive's columns that hold what only the server writes. Names that people type
/// are sized by the contracts' <see cref="Battleship.Grains.Models.Limits"/> (<c>StoredNameMaxLength</c>).
/// </summary>
public static class ArchiveLimits
{
    /// <summary>Longest identity issuer (<c>iss</c>).</summary>
    public const int IssuerMaxLength = 256;

    /// <summary>Longest identity subject (<c>sub</c>).</summary>
    public const int SubjectMaxLength = 256;

    /// <summary>Longest agent policy (a heuristic's name or a checkpoint path).</summary>
    public const int PolicyMaxLength = 512;

    /// <summary>Longest rules text of a match (a name or a short JSON document).</summary>
    public const int RulesMaxLength = 1024;

    /// <summary>Longest ship name in a move.</summary>
    public const int ShipNameMaxLength = 32;

    /// <summary>Longest checkpoint path of a training job.</summary>
    public const int CheckpointMaxLength = 512;

    /// <summary>Length of the columns that hold enum names.</summary>
    public const int EnumMaxLength = 16;

    /// <summary>Largest cell index: a board has at most 128 cells (the engine's bitboard).</summary>
    public const int MaxCell = 127;

    /// <summary>The longest document of a <c>match_log</c> entry (a setup with both fleets, a chat line).</summary>
    public const int LogDataMaxLength = 4000;
}
