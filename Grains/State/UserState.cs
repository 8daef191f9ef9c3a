namespace Battleship.Grains.State;

/// <summary>The persisted state of a user.</summary>
[GenerateSerializer, Alias("battleship.state.user")]
public sealed class UserState
{
    [Id(0)]
    public bool Created { get; set; }

    /// <summary>The name shown to others.</summary>
    [Id(1)]
    public string DisplayName { get; set; } = "";

    /// <summary>When the user was first seen.</summary>
    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    // Ids 3 and 4 (Games, Wins) and 6 (RecentlyRecorded) were the user's record, which the archive's
    // ratings row now holds. A stored state that still has them loads: System.Text.Json skips
    // members the class no longer has.

    [Id(5)]
    public List<Guid> ActiveMatches { get; set; } = [];
}

/// <summary>The persisted state of an identity mapping.</summary>
[GenerateSerializer, Alias("battleship.state.identity")]
public sealed class IdentityState
{
    /// <summary>The internal user id, once resolved.</summary>
    [Id(0)]
    public Guid? UserId { get; set; }
}
