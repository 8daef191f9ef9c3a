namespace Battleship.TestSupport;

/// <summary>
/// What every test gateway (the gateway's real <c>Program</c> in a test server) is configured with:
/// its archive and cluster database, the local issuer whose tokens the tests ask for or forge, and
/// per-user and per-IP request limits that no test reaches.
/// </summary>
public static class TestGateway
{
    /// <summary>The local issuer's HMAC key (tests forge tokens with it).</summary>
    public const string SigningKey = "dGVzdC1vbmx5LWtleS1mb3ItdGhlLWJhdHRsZXNoaXAtZ2F0ZXdheS10ZXN0cyE=";

    /// <summary>The local issuer's name.</summary>
    public const string Issuer = "https://local.battleship.test/";

    /// <summary>The audience of the local issuer's tokens.</summary>
    public const string Audience = "battleship-api";

    /// <summary>The settings of a test gateway on the PostgreSQL database <paramref name="connectionString"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(string connectionString) =>
        new Dictionary<string, string?>
        {
            ["Battleship:Database:Provider"] = "PostgreSql",
            ["Battleship:Database:ConnectionString"] = connectionString,
            ["Auth:LocalIssuer:Enabled"] = "true",
            ["Auth:LocalIssuer:Issuer"] = Issuer,
            ["Auth:LocalIssuer:Audience"] = Audience,
            ["Auth:LocalIssuer:SigningKey"] = SigningKey,
            ["RateLimiting:PerUser:PermitLimit"] = "100000",
            ["RateLimiting:PerIp:PermitLimit"] = "100000",
        };
}
