using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Battleship.Gateway.Telemetry;

/// <summary>Counts and times hub invocations and open connections (<see cref="GatewayTelemetry"/>).</summary>
internal sealed class HubTelemetryFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next
    )
    {
        var hub = new KeyValuePair<string, object?>(GatewayTelemetry.HubLabel, GatewayTelemetry.HubName(invocationContext.Hub.GetType()));
        var method = new KeyValuePair<string, object?>(GatewayTelemetry.MethodLabel, invocationContext.HubMethodName);
        var started = Stopwatch.GetTimestamp();
        var result = "error";
        try
        {
            var value = await next(invocationContext);
            result = "ok";
            return value;
        }
        finally
        {
            GatewayTelemetry.HubMethodDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, hub, method);
            GatewayTelemetry.HubMessages.Add(1, hub, method, new KeyValuePair<string, object?>(GatewayTelemetry.ResultLabel, result));
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        GatewayTelemetry.HubConnections.Add(1, Hub(context));
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            GatewayTelemetry.HubConnections.Add(-1, Hub(context));
        }
    }

    private static KeyValuePair<string, object?> Hub(HubLifetimeContext context) =>
        new(GatewayTelemetry.HubLabel, GatewayTelemetry.HubName(context.Hub.GetType()));
}
