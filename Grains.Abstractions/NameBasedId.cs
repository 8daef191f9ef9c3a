using System.Security.Cryptography;
using System.Text;

namespace Battleship.Grains;

/// <summary>
/// Ids derived from names (RFC 9562 version 8, from SHA-256), for what must get the same id when
/// it is created again: a request repeated with its <c>Idempotency-Key</c>, a room's match started
/// again after its first start's answer was lost. The same parts always give the same id.
/// </summary>
public static class NameBasedId
{
    /// <summary>The id of the name made of <paramref name="parts"/> (joined by line feeds).</summary>
    public static Guid Of(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // the RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
