using Battleship.Gateway.Errors;
using Microsoft.AspNetCore.SignalR;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// Turns a hub method's failure into a <see cref="HubException"/> whose message starts with the
/// error code (<c>NotYourTurn: It is not your turn.</c>): the caller's invocation fails with that
/// message and the connection stays open. Unexpected failures reveal nothing of the server.
/// </summary>
internal sealed class HubErrorFilter(ILogger<HubErrorFilter> logger) : IHubFilter
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
        catch (HubException e)
        {
            FailureLog.HubCallRefused(logger, invocationContext.HubMethodName, e.Message); // an inner filter's refusal
            throw;
        }
        catch (Exception e)
            when (e is not OperationCanceledException || !invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            // A cancellation that is not the caller's going away (Orleans gave up on a message
            // during a failover) is a fault like any other: Unavailable, not "unexpected error".
            var answer = GatewayExceptionHandler.Describe(e);
            FailureLog.HubCall(logger, e, answer, invocationContext.HubMethodName);
            var (_, code, detail) = answer;
            throw new HubException(Telemetry.GatewayTelemetry.WithTraceId($"{code}: {detail}"));
        }
    }
}
