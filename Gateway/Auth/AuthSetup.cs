using Battleship.Gateway.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Battleship.Gateway.Auth;

/// <summary>
/// One JwtBearer pipeline for every token: Auth0's (keys from the tenant's JWKS) and, when
/// enabled, the local issuer's (its own key, bound to its own issuer). Issuer, audience, lifetime
/// and signature are always validated; unsigned (<c>alg: none</c>) tokens are refused. The token
/// is read from the <c>Authorization</c> header, and from the <c>access_token</c> query parameter
/// on hub paths only. Every endpoint requires an authenticated caller unless it says otherwise.
/// </summary>
internal static class AuthSetup
{
    /// <summary>Where SignalR hubs live: the only paths that accept a token in the query string.</summary>
    public const string HubPathPrefix = "/hubs";

    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.SectionName);
        var options = section.Get<AuthOptions>() ?? new AuthOptions();
        Check(options, builder.Environment);
        builder.Services.AddOptions<AuthOptions>().Bind(section);

        if (options.LocalIssuer.Enabled)
        {
            builder.Services.AddSingleton<LocalIssuer>();
        }
        builder.Services.AddSingleton<UserDirectory>();

        builder
            .Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(bearer =>
            {
                bearer.MapInboundClaims = false;
                if (options.Auth0.Enabled)
                {
                    bearer.Authority = options.Auth0.Issuer;
                    bearer.Audience = options.Auth0.Audience;
                }
                bearer.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadHubQueryToken,
                    OnTokenValidated = RequireSubject,
                    OnChallenge = WriteChallengeAsync,
                };
            });
        builder
            .Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>(
                (bearer, services) => bearer.TokenValidationParameters = Parameters(options, services.GetService<LocalIssuer>())
            );

        // Every endpoint needs a signed-in caller unless it allows anonymous access. Finer rules (a
        // match's players, a room's owner, an agent's owner or an admin) are checked with the grains' data.
        builder
            .Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    private static void Check(AuthOptions options, IHostEnvironment environment)
    {
        if (options.LocalIssuer.Enabled && environment.IsProduction())
        {
            throw new InvalidOperationException(
                "The local token issuer (Auth:LocalIssuer:Enabled) is for development and tests and must not be enabled in Production."
            );
        }
        if (options.Auth0.Enabled && string.IsNullOrWhiteSpace(options.Auth0.Audience))
        {
            throw new InvalidOperationException("Auth:Auth0:Domain is set but Auth:Auth0:Audience (the API identifier) is not.");
        }
        if (!options.Auth0.Enabled && !options.LocalIssuer.Enabled)
        {
            throw new InvalidOperationException(
                "No token issuer is configured: set Auth:Auth0:Domain and Auth:Auth0:Audience, "
                    + "or (outside Production) Auth:LocalIssuer:Enabled=true."
            );
        }
    }

    private static TokenValidationParameters Parameters(AuthOptions options, LocalIssuer? local)
    {
        var issuers = new List<string>();
        var audiences = new List<string>();
        if (options.Auth0.Enabled)
        {
            issuers.Add(options.Auth0.Issuer);
            audiences.Add(options.Auth0.Audience!);
        }
        if (local is not null)
        {
            issuers.Add(local.Issuer);
            audiences.Add(local.Audience);
        }
        var auth0Issuer = options.Auth0.Enabled ? options.Auth0.Issuer : null;
        return new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = issuers,
            ValidateAudience = true,
            ValidAudiences = audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.HmacSha256],
            IssuerSigningKeys = local is null ? [] : [local.Key],
            // A key signs for its own issuer only: the local key never vouches for an Auth0 token, nor the reverse.
            // (Keys are checked before the payload, so an unknown issuer is reported here as what it is.)
            IssuerSigningKeyValidator = (key, token, _) =>
            {
                if (!issuers.Contains(token.Issuer, StringComparer.Ordinal))
                {
                    throw new SecurityTokenInvalidIssuerException("The token's issuer is not accepted.") { InvalidIssuer = token.Issuer };
                }
                return local is not null && (ReferenceEquals(key, local.Key) || key.KeyId == local.Key.KeyId)
                    ? token.Issuer == local.Issuer
                    : token.Issuer == auth0Issuer;
            },
            ClockSkew = options.ClockSkew,
            NameClaimType = JwtRegisteredClaimNames.Name,
            RoleClaimType = options.RoleClaimType,
        };
    }

    private static Task ReadHubQueryToken(MessageReceivedContext context)
    {
        var request = context.HttpContext.Request;
        if (request.Path.StartsWithSegments(HubPathPrefix) && request.Query.TryGetValue("access_token", out var token))
        {
            context.Token = token.ToString();
        }
        return Task.CompletedTask;
    }

    private static Task RequireSubject(TokenValidatedContext context)
    {
        if (string.IsNullOrEmpty(context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value))
        {
            context.Fail("The token names no subject (sub).");
        }
        return Task.CompletedTask;
    }

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (reason, detail) = Explain(context.AuthenticateFailure);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = reason == "missing" ? "Bearer" : $"Bearer error=\"invalid_token\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status401Unauthorized,
                    Detail = detail,
                    Extensions = { ["code"] = ErrorCodes.Unauthenticated, ["reason"] = reason },
                },
            }
        );
    }

    /// <summary>Why a token was refused, as a short stable reason and a sentence.</summary>
    private static (string Reason, string Detail) Explain(Exception? failure) =>
        failure switch
        {
            null => ("missing", "A bearer token is required."),
            SecurityTokenExpiredException => ("expired", "The token has expired."),
            SecurityTokenNotYetValidException => ("not-yet-valid", "The token is not valid yet."),
            SecurityTokenInvalidIssuerException => ("issuer", "The token's issuer is not accepted."),
            SecurityTokenInvalidAudienceException => ("audience", "The token's audience is not accepted."),
            SecurityTokenInvalidAlgorithmException => ("algorithm", "The token's signing algorithm is not accepted."),
            SecurityTokenInvalidSigningKeyException => ("signature", "The token's signing key does not belong to its issuer."),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => (
                "signature",
                "The token's signature is not valid."
            ),
            _ => ("invalid", "The token is not valid."),
        };
}
