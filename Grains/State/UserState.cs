namespace Battleship.Grains.State;

/// <summary>The persisted state of a user.</summary>
[GenerateSerializer, Alias("battleship.state.user")]
public sealed class UserState
{
    /// <summary>Whether the user exists.</summary>
    [Id(0)]
    public bool Created { get; set; }

    /// <summary>The name shown to others.</summary>
    [Id(1)]
    public string DisplayName { get; set; } = "";

    /// <summary>When the user was first seen.</summary>
    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Finished matches played.</summary>
    [Id(3)]
    public int Games { get; set; }

    /// <summary>Matches won.</summary>
    [Id(4)]
    public int Wins { get; set; }

    /// <summary>Matches in progress.</summary>
    [Id(5)]
    public List<Guid> ActiveMatches { get; set; } = [];

    /// <summary>The most recent finished matches already counted (so a repeated notification counts once).</summary>
    [Id(6)]
    public List<Guid> RecentlyRecorded { get; set; } = [];
}

/// <summary>The persisted state of an identity mapping.</summary>
[GenerateSerializer, Alias("battleship.state.identity")]
public sealed class IdentityState
{
    /// <summary>The internal user id, once resolved.</summary>
    [Id(0)]
    public Guid? UserId { get; set; }
}
