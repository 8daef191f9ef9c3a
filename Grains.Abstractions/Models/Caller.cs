namespace Battleship.Grains.Models;

/// <summary>
/// Who asks a grain to change something only its owner or an admin may change. The grain decides
/// (<see cref="MayChange"/>) in the same turn as it acts, so no other request can change the owner
/// between the check and the change.
/// </summary>
/// <param name="UserId">The caller's user id; null for the operator's own tools.</param>
/// <param name="IsAdmin">Whether the caller is an admin (an admin may change what anyone owns).</param>
[GenerateSerializer, Immutable, Alias("battleship.caller")]
public sealed record Caller([property: Id(0)] Guid? UserId, [property: Id(1)] bool IsAdmin)
{
    /// <summary>
    /// The operator's tools that talk to the cluster directly (the trainer's command line): trusted
    /// as an admin, and nobody's user.
    /// </summary>
    public static Caller Operator { get; } = new(null, IsAdmin: true);

    /// <summary>Whether the caller may change what <paramref name="ownerId"/> owns: its owner, or an admin.</summary>
    public bool MayChange(Guid? ownerId) => IsAdmin || (UserId is { } id && id == ownerId);
}
