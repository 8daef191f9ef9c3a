using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Battleship.Gateway.Auth;

/// <summary>
/// Signs tokens for the local issuer with a configured HMAC key or an RSA key made at start. The
/// same key is one of the keys the JwtBearer pipeline validates with, bound to this issuer only.
/// </summary>
internal sealed class LocalIssuer : IDisposable
{
    private readonly LocalIssuerOptions _options;
    private readonly string _roleClaimType;
    private readonly TimeProvider _time;
    private readonly SigningCredentials _credentials;
    private readonly RSA? _rsa;
    private readonly JsonWebTokenHandler _handler = new();

    public LocalIssuer(IOptions<AuthOptions> options, TimeProvider time)
    {
        _options = options.Value.LocalIssuer;
        _roleClaimType = options.Value.RoleClaimType;
        _time = time;
        if (string.IsNullOrWhiteSpace(_options.SigningKey))
        {
            _rsa = RSA.Create(2048);
            Key = new RsaSecurityKey(_rsa) { KeyId = "local-rsa" };
            _credentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256);
        }
        else
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(_options.SigningKey);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException("Auth:LocalIssuer:SigningKey must be base64.", e);
            }
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException("Auth:LocalIssuer:SigningKey must hold at least 32 bytes (256 bits).");
            }
            Key = new SymmetricSecurityKey(bytes) { KeyId = "local-hmac" };
            _credentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256);
        }
    }

    /// <summary>The key its tokens are signed and validated with.</summary>
    public SecurityKey Key { get; }

    /// <summary>The <c>iss</c> of its tokens.</summary>
    public string Issuer => _options.Issuer;

    /// <summary>The <c>aud</c> of its tokens.</summary>
    public string Audience => _options.Audience;

    /// <summary>A signed access token for <paramref name="subject"/>.</summary>
    public IssuedToken Issue(string subject, string displayName, IReadOnlyList<string> roles)
    {
        var now = _time.GetUtcNow();
        var expires = now + _options.TokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [JwtRegisteredClaimNames.Name] = displayName,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (roles.Count > 0)
        {
            claims[_roleClaimType] = roles.ToArray();
        }
        var token = _handler.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Audience,
                Claims = claims,
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = expires.UtcDateTime,
                SigningCredentials = _credentials,
            }
        );
        return new IssuedToken(token, "Bearer", expires, (int)_options.TokenLifetime.TotalSeconds, Issuer, subject);
    }

    public void Dispose() => _rsa?.Dispose();
}

/// <summary>A token from the local issuer.</summary>
/// <param name="AccessToken">The signed JWT: send it as <c>Authorization: Bearer …</c> (or <c>access_token</c> on hub paths).</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
/// <param name="ExpiresIn">Seconds until then.</param>
/// <param name="Issuer">Its <c>iss</c>.</param>
/// <param name="Subject">Its <c>sub</c>: ask for a token with the same subject to sign in as the same user again.</param>
internal sealed record IssuedToken(
    string AccessToken,
    string TokenType,
    DateTimeOffset ExpiresAt,
    int ExpiresIn,
    string Issuer,
    string Subject
);
