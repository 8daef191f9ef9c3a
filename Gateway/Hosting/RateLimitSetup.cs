using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Battleship.Gateway.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Battleship.Gateway.Hosting;

/// <summary>
/// Fixed-window request limits (section <c>RateLimiting</c>): a request carrying a valid token counts
/// against its user only; a request without one counts against its client address. A household or a
/// classroom behind one address therefore shares nothing once signed in, and the address limit only
/// bounds anonymous traffic (sign-in, configuration, public reads).
/// </summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Requests per window for one user (by token subject).</summary>
    [ValidateObjectMembers]
    public WindowLimit PerUser { get; set; } = new() { PermitLimit = 300 };

    /// <summary>Requests per window from one IP address without a valid token (signed-in requests count against their user instead).</summary>
    [ValidateObjectMembers]
    public WindowLimit PerIp { get; set; } = new() { PermitLimit = 600 };

    /// <summary>
    /// Hub method calls per window for one user, over all of the user's connections (a SignalR call
    /// is not an HTTP request, so the limits above never see it).
    /// </summary>
    [ValidateObjectMembers]
    public WindowLimit HubPerUser { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Hub method calls per window from one IP address on connections without a user (the hubs require sign-in, so a backstop only).</summary>
    [ValidateObjectMembers]
    public WindowLimit HubPerIp { get; set; } = new() { PermitLimit = 240, Window = TimeSpan.FromSeconds(10) };
}

/// <summary>A fixed window's size and permits.</summary>
internal sealed class WindowLimit
{
    /// <summary>Requests allowed in one window.</summary>
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 300;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The global limiter: a signed-in request counts against its user, an anonymous one against its
/// client address; running out is a 429 ProblemDetails with <c>Retry-After</c>. Health endpoints,
/// the API reference and the web client's files are exempt.
/// </summary>
internal static class RateLimitSetup
{
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services
            .AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>(
                (options, limits) =>
                {
                    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                    options.GlobalLimiter = PerUserOrAddress(limits.Value.PerUser, limits.Value.PerIp);
                    options.OnRejected = WriteRejectionAsync;
                }
            );
        return services;
    }

    /// <summary>
    /// One fixed window per signed-in user (by issuer and subject) or, for a request without a valid
    /// token, per client address. A signed-in request never counts against its address: users behind
    /// one address (a household, a classroom, a carrier's NAT) do not share a limit.
    /// </summary>
    public static PartitionedRateLimiter<HttpContext> PerUserOrAddress(WindowLimit perUser, WindowLimit perIp) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            UserKey(context) is { } user
                ? RateLimitPartition.GetFixedWindowLimiter("user|" + user, _ => Window(perUser))
                : RateLimitPartition.GetFixedWindowLimiter(
                    "ip|" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => Window(perIp)
                )
        );

    private static string? UserKey(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        return $"{user.FindFirst(JwtRegisteredClaimNames.Iss)?.Value}|{user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value}";
    }

    private static FixedWindowRateLimiterOptions Window(WindowLimit limit) =>
        new()
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http
            .RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Detail = $"Too many requests; try again in {seconds} s.",
                        Extensions = { ["code"] = ErrorCodes.RateLimited, ["retryAfterSeconds"] = seconds },
                    },
                }
            );
    }
}

/// <summary>Checks <see cref="RateLimitOptions"/> when the gateway starts (source-generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
