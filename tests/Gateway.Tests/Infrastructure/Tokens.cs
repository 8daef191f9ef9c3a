using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>Forges tokens for the sad paths: signed with the test gateway's key (or another one), with any claims.</summary>
public static class Tokens
{
    /// <summary>The key the test gateways' local issuer signs and validates with.</summary>
    public static SymmetricSecurityKey GatewayKey { get; } = new(Convert.FromBase64String(TestGateway.SigningKey)) { KeyId = "local-hmac" };

    /// <summary>A token as the local issuer makes it, with any part changed.</summary>
    public static string Create(
        string subject = "forged-subject",
        string issuer = TestGateway.Issuer,
        string audience = TestGateway.Audience,
        DateTimeOffset? expires = null,
        DateTimeOffset? notBefore = null,
        SecurityKey? key = null,
        string algorithm = SecurityAlgorithms.HmacSha256
    )
    {
        var now = DateTimeOffset.UtcNow;
        var end = expires ?? now.AddHours(1);
        var start = notBefore ?? (end < now ? end.AddHours(-1) : now);
        return new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Claims = new Dictionary<string, object> { ["sub"] = subject, ["name"] = "Forger" },
                IssuedAt = start.UtcDateTime,
                NotBefore = start.UtcDateTime,
                Expires = end.UtcDateTime,
                SigningCredentials = new SigningCredentials(key ?? GatewayKey, algorithm),
            }
        );
    }

    /// <summary>A well-formed token with no signature (<c>alg: none</c>) and otherwise valid claims.</summary>
    public static string WithoutSignature(string subject = "unsigned-subject")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url(
            $$"""{"sub":"{{subject}}","iss":"{{TestGateway.Issuer}}","aud":"{{TestGateway.Audience}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 3600}}}"""
        );
        return $"{header}.{payload}.";
    }

    /// <summary>Another HMAC key (a forger's).</summary>
    public static SymmetricSecurityKey OtherKey() => new(RandomNumberGenerator.GetBytes(32)) { KeyId = "local-hmac" };

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
