using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>
/// Maps a token subject to the internal user id, creating the user on first sight. Keyed by
/// <see cref="KeyOf"/>: the issuer and subject, so one activation serialises concurrent first
/// sign-ins of the same subject.
/// </summary>
[Alias("battleship.identity-grain")]
public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>The internal user id for the identity, created if this is its first sign-in.</summary>
    [Alias("resolve")]
    Task<ResolvedUser> ResolveAsync(UserIdentity identity);

    /// <summary>The grain key of an issuer/subject pair.</summary>
    static string KeyOf(string issuer, string subject) => $"{issuer}|{subject}";
}

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
