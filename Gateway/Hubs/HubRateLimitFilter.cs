using System.Globalization;
using System.Threading.RateLimiting;
using Battleship.Gateway.Errors;
using Battleship.Gateway.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// Counts every hub method call against its user (fixed windows, <c>RateLimiting:HubPerUser</c>;
/// a connection without a user, which the hubs do not admit today, against its client address,
/// <c>RateLimiting:HubPerIp</c>), never against the address of a signed-in user. A call over the limit is
/// refused with a <see cref="HubException"/> <c>RateLimited: … try again in N s.</c>; it does not
/// reach the grains and the connection stays open.
/// </summary>
internal sealed class HubRateLimitFilter : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public HubRateLimitFilter(IOptions<RateLimitOptions> options) =>
        _limiter = RateLimitSetup.PerUserOrAddress(options.Value.HubPerUser, options.Value.HubPerIp);

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next
    )
    {
        var http = invocationContext.Context.GetHttpContext();
        if (http is null)
        {
            return await next(invocationContext);
        }
        using var lease = _limiter.AttemptAcquire(http);
        if (!lease.IsAcquired)
        {
            var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 1;
            throw new HubException(
                $"{ErrorCodes.RateLimited}: Too many calls; try again in {seconds.ToString(CultureInfo.InvariantCulture)} s."
            );
        }
        return await next(invocationContext);
    }

    public void Dispose() => _limiter.Dispose();
}
