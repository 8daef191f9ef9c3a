namespace Battleship.Grains.Models;

/// <summary>
/// A user's live profile. The record (games, wins, losses) and the rating are not here: they are
/// the archive's, in the user's <c>ratings</c> row.
/// </summary>
[GenerateSerializer, Immutable, Alias("battleship.user-profile")]
public sealed record UserProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(6)] IReadOnlyList<Guid> ActiveMatches
);

/// <summary>The identity of a signed-in subject as the token names it.</summary>
[GenerateSerializer, Immutable, Alias("battleship.identity")]
public sealed record UserIdentity([property: Id(0)] string Issuer, [property: Id(1)] string Subject, [property: Id(2)] string DisplayName);

/// <summary>The internal user an identity maps to, and whether this call created it.</summary>
[GenerateSerializer, Immutable, Alias("battleship.resolved-user")]
public sealed record ResolvedUser([property: Id(0)] Guid UserId, [property: Id(1)] bool Created);
