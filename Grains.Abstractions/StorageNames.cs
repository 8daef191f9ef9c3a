namespace Battleship.Grains;

/// <summary>The names of the grain storage providers; every silo registers each of them.</summary>
public static class StorageNames
{
    /// <summary>Users and identity mappings.</summary>
    public const string Users = "users";

    /// <summary>The lobby index and rooms.</summary>
    public const string Rooms = "rooms";

    /// <summary>Matches: every accepted move is written here before it is acknowledged.</summary>
    public const string Matches = "matches";

    /// <summary>Agents and the ladder.</summary>
    public const string Agents = "agents";

    /// <summary>Training jobs (trainer silos).</summary>
    public const string Training = "training";

    /// <summary>Every storage name above: a silo registers one grain storage for each.</summary>
    public static IReadOnlyList<string> All { get; } = [Users, Rooms, Matches, Agents, Training];
}
