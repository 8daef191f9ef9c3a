using Battleship.Gateway.Errors;
using Microsoft.AspNetCore.SignalR;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// Turns a hub method's failure into a <see cref="HubException"/> whose message starts with the
/// error code (<c>NotYourTurn: It is not your turn.</c>): the caller's invocation fails with that
/// message and the connection stays open. Unexpected failures reveal nothing of the server.
/// </summary>
internal sealed partial class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next
    )
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException)
        {
            throw;
        }
        catch (Exception e)
            when (e is not OperationCanceledException || !invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            // A cancellation that is not the caller's going away (Orleans gave up on a message
            // during a failover) is a fault like any other: Unavailable, not "unexpected error".
            var (status, code, detail) = GatewayExceptionHandler.Describe(e);
            if (status >= StatusCodes.Status500InternalServerError)
            {
                LogFailure(logger, e, invocationContext.HubMethodName);
            }
            throw new HubException(Telemetry.GatewayTelemetry.WithTraceId($"{code}: {detail}"));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string method);
}
