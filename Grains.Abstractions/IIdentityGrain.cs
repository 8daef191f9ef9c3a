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
