namespace Battleship.Gateway.Auth;

/// <summary>Who may sign tokens for the gateway, and how roles are read (section <c>Auth</c>).</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public Auth0Options Auth0 { get; set; } = new();

    /// <summary>The development and test issuer.</summary>
    public LocalIssuerOptions LocalIssuer { get; set; } = new();

    /// <summary>The claim that holds roles (Auth0 tenants usually add a namespaced claim such as <c>https://battleship/roles</c>).</summary>
    public string RoleClaimType { get; set; } = "role";

    /// <summary>The role that may edit every agent.</summary>
    public string AdminRole { get; set; } = "admin";

    /// <summary>How far the clocks of issuer and gateway may disagree when checking a token's lifetime.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The Auth0 tenant whose access tokens the gateway accepts; on when <see cref="Domain"/> is set.</summary>
internal sealed class Auth0Options
{
    /// <summary>The tenant's domain, for example <c>battleship.eu.auth0.com</c>; the authority is <c>https://{Domain}/</c>.</summary>
    public string? Domain { get; set; }

    /// <summary>The API identifier configured in Auth0: the audience of its access tokens.</summary>
    public string? Audience { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Domain);

    /// <summary>The issuer (and authority) of the tenant's tokens.</summary>
    public string Issuer => $"https://{Domain!.Trim().TrimEnd('/')}/";
}

/// <summary>
/// The local issuer: <c>POST /auth/dev-token</c> signs tokens for development, tests and offline
/// use. Refused in the Production environment.
/// </summary>
internal sealed class LocalIssuerOptions
{
    /// <summary>Whether the local issuer is on (off by default).</summary>
    public bool Enabled { get; set; }

    /// <summary>The <c>iss</c> of its tokens.</summary>
    public string Issuer { get; set; } = "https://battleship.local/";

    /// <summary>The <c>aud</c> of its tokens.</summary>
    public string Audience { get; set; } = "battleship-api";

    /// <summary>
    /// A base64 HMAC-SHA256 key of at least 32 bytes. When empty, an RSA key is generated at start
    /// (tokens then hold only for this process: several gateways side by side need a shared key).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long its tokens last.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
