using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Apis;

/// <summary>
/// The <c>Idempotency-Key</c> request header of the creating endpoints (<c>POST /api/rooms</c>,
/// <c>POST /api/matches</c>). A client that cannot tell whether its request was carried out (the
/// connection or the gateway went away before the answer; a load balancer answered 502) sends it
/// again with the same key; the id of what it creates is derived from the caller and the key, so
/// the repeat reaches the same grain, which answers its owner's same request as the first time
/// instead of creating a second room or match. Without the header every request creates anew.
/// </summary>
internal static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>The longest key accepted (a UUID is 36 characters).</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The id of what <paramref name="userId"/>'s request creates at <paramref name="resource"/>:
    /// derived from <paramref name="key"/> when there is one, else new.
    /// </summary>
    /// <exception cref="BattleshipException"><see cref="ErrorCode.Validation"/> for a key that is empty, too long or not printable ASCII.</exception>
    public static Guid IdFor(string? key, Guid userId, string resource)
    {
        if (key is null)
        {
            return Guid.NewGuid();
        }
        if (key.Length is 0 or > MaxLength || key.Any(c => c is < '!' or > '~'))
        {
            throw new BattleshipException(
                ErrorCode.Validation,
                $"An {Header} has 1 to {MaxLength} printable ASCII characters without spaces."
            );
        }
        return NameBasedId.Of(resource, userId.ToString("N"), key);
    }
}
