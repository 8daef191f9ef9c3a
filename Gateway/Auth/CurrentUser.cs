using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Battleship.Gateway.Auth;

/// <summary>
/// The signed-in caller: the internal user its token's subject (<c>iss</c> + <c>sub</c>) maps to.
/// Minimal-API handlers take it as a parameter; it is resolved (and the user created on first
/// sight) through the identity grain.
/// </summary>
/// <param name="Id">The internal user id.</param>
/// <param name="Issuer">The token's issuer.</param>
/// <param name="Subject">The token's subject.</param>
/// <param name="IsAdmin">Whether the token carries the admin role.</param>
internal sealed record CurrentUser(Guid Id, string Issuer, string Subject, bool IsAdmin)
{
    /// <summary>The caller as grains see it when they decide whether it may change something.</summary>
    public Caller AsCaller => new(Id, IsAdmin);

    /// <summary>Resolves the caller of an authenticated request.</summary>
    public static async ValueTask<CurrentUser?> BindAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<UserDirectory>().ResolveAsync(context.User, context.RequestAborted);
}

/// <summary>Maps token subjects to internal users (remembering recent answers) and reads their names.</summary>
internal sealed class UserDirectory(GrainClient grains, IOptions<AuthOptions> options) : IDisposable
{
    /// <summary>How many subject-to-user mappings one gateway remembers (each for ten minutes).</summary>
    public const int CacheSize = 100_000;

    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(10);
    private readonly string _adminRole = options.Value.AdminRole;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheSize });

    /// <summary>The caller, creating its user on first sight.</summary>
    public async Task<CurrentUser> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var issuer = principal.FindFirst(JwtRegisteredClaimNames.Iss)?.Value;
        var subject = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (principal.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(subject))
        {
            throw new InvalidOperationException("The caller is not authenticated; the endpoint must require authorization.");
        }
        var key = IIdentityGrain.KeyOf(issuer, subject);
        if (!_cache.TryGetValue(key, out Guid userId))
        {
            var identity = new UserIdentity(issuer, subject, InitialName(principal, subject));
            var resolved = await grains
                .Grain<IIdentityGrain>(key)
                .CallAsync(nameof(IIdentityGrain.ResolveAsync), g => g.ResolveAsync(identity), cancellationToken);
            userId = resolved.UserId;
            _cache.Set(key, userId, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Remember, Size = 1 });
        }
        return new CurrentUser(userId, issuer, subject, principal.IsInRole(_adminRole));
    }

    /// <summary>The caller as a participant (with the display name it has now).</summary>
    public async Task<Participant> ParticipantAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        var profile = await grains
            .Grain<IUserGrain>(user.Id)
            .CallAsync(nameof(IUserGrain.GetProfileAsync), g => g.GetProfileAsync(), cancellationToken);
        return Participant.User(user.Id, profile.DisplayName);
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>The display name a new user starts with: from the token's name claims, or made from the subject.</summary>
    internal static string InitialName(ClaimsPrincipal principal, string subject)
    {
        string[] claims = [JwtRegisteredClaimNames.Name, "nickname", "preferred_username", JwtRegisteredClaimNames.Email];
        foreach (var claim in claims)
        {
            var value = principal.FindFirst(claim)?.Value;
            if (claim == JwtRegisteredClaimNames.Email && value?.IndexOf('@', StringComparison.Ordinal) is > 0 and var at)
            {
                value = value[..at];
            }
            var name = Clean(value);
            if (name.Length > 0)
            {
                return name;
            }
        }
        return $"player-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(subject)))[..8]}";
    }

    private static string Clean(string? value)
    {
        var printable = new string((value ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return printable.Length > Limits.DisplayNameMaxLength ? printable[..Limits.DisplayNameMaxLength].TrimEnd() : printable;
    }
}
