using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>A user: profile, display name and record. Keyed by the internal user id.</summary>
[Alias("battleship.user-grain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the user (idempotent); called by the identity grain.</summary>
    [Alias("initialize")]
    Task InitializeAsync(string displayName);

    /// <summary>The profile; <see cref="ErrorCode.NotFound"/> for an unknown user.</summary>
    [Alias("profile")]
    Task<UserProfile> GetProfileAsync();

    /// <summary>Changes the display name (validated).</summary>
    [Alias("rename")]
    Task<UserProfile> SetDisplayNameAsync(string displayName);

    /// <summary>Notes that the user plays in a match.</summary>
    [Alias("match-started")]
    Task MatchStartedAsync(Guid matchId);

    /// <summary>
    /// Notes that a match the user played has ended (idempotent). Its result is counted by the
    /// archive, which rated it, not here.
    /// </summary>
    [Alias("match-ended")]
    Task MatchEndedAsync(Guid matchId);
}
