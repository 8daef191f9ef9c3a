namespace Battleship.Grains.Models;

/// <summary>
/// The limits of what callers may enter and ask for, in one place: the grains enforce them (with
/// <see cref="PrintableText"/> and <see cref="Paging"/>), the gateway publishes them in its OpenAPI
/// document (<c>maxLength</c>) and the archive sizes its columns from them.
/// </summary>
public static class Limits
{
    /// <summary>The longest display name a user may choose.</summary>
    public const int DisplayNameMaxLength = 32;

    /// <summary>The longest room name.</summary>
    public const int RoomNameMaxLength = 48;

    /// <summary>The longest name of an agent a user defines.</summary>
    public const int AgentNameMaxLength = 32;

    /// <summary>The longest checkpoint name of a DQN agent.</summary>
    public const int AgentPolicyMaxLength = 200;

    /// <summary>The longest training job name (also the name of the agent a completed job registers).</summary>
    public const int TrainingJobNameMaxLength = 64;

    /// <summary>The longest chat line.</summary>
    public const int ChatLineMaxLength = 200;

    /// <summary>The longest subject the development token issuer accepts.</summary>
    public const int DevSubjectMaxLength = 128;

    /// <summary>The default number of spectator places of a room.</summary>
    public const int DefaultSpectators = 8;

    /// <summary>The most spectator places a room may have.</summary>
    public const int MaxSpectators = 32;

    /// <summary>
    /// The longest turn clock, in seconds (a day). A time control is 1 to this many seconds a shot,
    /// or <see cref="Untimed"/>.
    /// </summary>
    public const int MaxTurnSeconds = 86_400;

    /// <summary>The time control of a match without a clock: nobody loses on time.</summary>
    public const int Untimed = 0;

    /// <summary>The largest page size any list accepts.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The page size of a list when the caller names none.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>
    /// The width of the archive's name columns (users' display names, agents' and rooms' names):
    /// at least every name limit above. The columns were created this wide and are kept so, so that
    /// no row written before the limits above were enforced everywhere can break.
    /// </summary>
    public const int StoredNameMaxLength = 64;
}
