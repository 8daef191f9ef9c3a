using Battleship.Db.Archive.Entities;
using Battleship.Grains.Models;
using Microsoft.EntityFrameworkCore;

namespace Battleship.Db.Archive;

/// <summary>The archive's users (<c>users</c>): the mapping of identities to internal user ids, and display names.</summary>
/// <param name="writer">The archive's shared write helper.</param>
/// <param name="timeProvider">The clock for created and last-seen times.</param>
public sealed class UserStore(ArchiveWriter writer, TimeProvider timeProvider)
{
    private const string FallbackDisplayName = "Player";

    /// <summary>
    /// Maps an identity to its internal user id, creating the user on first sight and recording
    /// the sign-in otherwise. Safe to call concurrently for the same identity: exactly one caller
    /// gets <see cref="UserResolution.Created"/> and all get the same id (unique index plus retry).
    /// </summary>
    /// <param name="issuer">The token's <c>iss</c>.</param>
    /// <param name="subject">The token's <c>sub</c> (compared exactly, case-sensitively).</param>
    /// <param name="displayName">Name for a new user; trimmed and cut to <see cref="Limits.StoredNameMaxLength"/>. Ignored for an existing user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user id and whether it was created.</returns>
    public Task<UserResolution> ResolveUserAsync(
        string issuer,
        string subject,
        string displayName,
        CancellationToken cancellationToken = default
    )
    {
        ArchiveWriter.RequireText(issuer, ArchiveLimits.IssuerMaxLength, nameof(issuer));
        ArchiveWriter.RequireText(subject, ArchiveLimits.SubjectMaxLength, nameof(subject));
        ArgumentNullException.ThrowIfNull(displayName);
        var name = displayName.Trim();
        name = name.Length == 0 ? FallbackDisplayName : name[..Math.Min(name.Length, Limits.StoredNameMaxLength)];

        return writer.WriteAsync(
            async (db, ct) =>
            {
                var now = ArchiveWriter.Stored(timeProvider.GetUtcNow());
                var user = await db.Users.SingleOrDefaultAsync(u => u.Issuer == issuer && u.Subject == subject, ct);
                if (user is not null)
                {
                    user.LastSeenAt = now;
                    await db.SaveChangesAsync(ct);
                    return new UserResolution(user.Id, Created: false);
                }
                user = new UserRow
                {
                    Id = Guid.CreateVersion7(now),
                    Issuer = issuer,
                    Subject = subject,
                    DisplayName = name,
                    CreatedAt = now,
                    LastSeenAt = now,
                };
                db.Users.Add(user);
                await db.SaveChangesAsync(ct);
                return new UserResolution(user.Id, Created: true);
            },
            cancellationToken
        );
    }

    /// <summary>Renames a user.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="displayName">The new name: not blank, at most <see cref="Limits.StoredNameMaxLength"/> characters after trimming.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when there is no such user.</returns>
    public Task<bool> UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var name = displayName.Trim();
        ArchiveWriter.RequireText(name, Limits.StoredNameMaxLength, nameof(displayName));
        return writer.WriteAsync(
            async (db, ct) =>
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name), ct) == 1,
            cancellationToken
        );
    }

    /// <summary>One cheap read that builds EF Core's model, opens the connection pool and sets up the query pipeline.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the database has answered.</returns>
    internal Task WarmUpAsync(CancellationToken cancellationToken) =>
        writer.ReadAsync((db, ct) => db.Users.AsNoTracking().AnyAsync(u => u.Id == Guid.Empty, ct), cancellationToken);
}
