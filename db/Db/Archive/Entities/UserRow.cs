namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>users</c>: the internal user id and the identity (issuer, subject) it maps.</summary>
public sealed class UserRow
{
    /// <summary>The internal user id (also the UserGrain key).</summary>
    public Guid Id { get; set; }

    /// <summary>The identity provider's issuer (<c>iss</c>).</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The subject at that issuer (<c>sub</c>); unique together with <see cref="Issuer"/>.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The name shown to other players.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>When the user was first seen.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the user last signed in.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
}
