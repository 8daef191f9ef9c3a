using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Battleship.Gateway.Telemetry;

/// <summary>
/// The gateway's telemetry names: the activity source and meter <see cref="Name"/>, its
/// instruments and labels. HTTP requests (<c>http_server_request_duration_seconds</c> by route,
/// method and status), SignalR connections and hub invocation spans, and authentication come from
/// ASP.NET Core's own sources and meters, which ServiceDefaults enables; this adds what they do not
/// say. Labels are small fixed sets: hub and method names, results, bounded reasons.
/// </summary>
internal static class GatewayTelemetry
{
    /// <summary>The activity source and meter of the gateway.</summary>
    public const string Name = "Battleship.Gateway";

    /// <summary>The response header that carries the request's trace id (32 hex digits).</summary>
    public const string TraceIdHeader = "X-Trace-Id";

    /// <summary>Instrument <c>battleship.hub.messages</c> by hub, method and result (Prometheus <c>battleship_hub_messages_total</c>).</summary>
    public const string HubMessagesInstrument = "battleship.hub.messages";

    /// <summary>Histogram <c>battleship.hub.method.duration</c> in seconds by hub and method (Prometheus <c>battleship_hub_method_duration_seconds</c>).</summary>
    public const string HubMethodDurationInstrument = "battleship.hub.method.duration";

    /// <summary>Up-down counter <c>battleship.hub.connections</c> by hub (Prometheus <c>battleship_hub_connections</c>).</summary>
    public const string HubConnectionsInstrument = "battleship.hub.connections";

    /// <summary>Instrument <c>battleship.auth.token_validations</c> by result and reason (Prometheus <c>battleship_auth_token_validations_total</c>).</summary>
    public const string TokenValidationsInstrument = "battleship.auth.token_validations";

    /// <summary>Instrument <c>battleship.gateway.grain_calls</c> by grain interface method (Prometheus <c>battleship_gateway_grain_calls_total</c>).</summary>
    public const string GrainCallsInstrument = "battleship.gateway.grain_calls";

    /// <summary>Label: <c>lobby</c> or <c>match</c>.</summary>
    public const string HubLabel = "hub";

    /// <summary>Label: the hub method's name (a fixed set per hub); for grain calls the grain interface and method (<c>IMatchGrain.FireAsync</c>).</summary>
    public const string MethodLabel = "method";

    /// <summary>Label: <c>ok</c> or <c>error</c> (hub methods); <c>valid</c> or <c>invalid</c> (tokens).</summary>
    public const string ResultLabel = "result";

    /// <summary>Label of a failed token validation: <c>expired</c>, <c>signature</c>, <c>issuer</c>, <c>audience</c>, <c>no_subject</c>, <c>malformed</c> or <c>other</c>; <c>none</c> for a valid one.</summary>
    public const string ReasonLabel = "reason";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> HubMessages = Meter.CreateCounter<long>(
        HubMessagesInstrument,
        unit: null,
        description: "Hub method invocations, by hub, method and result."
    );

    internal static readonly Histogram<double> HubMethodDuration = Meter.CreateHistogram<double>(
        HubMethodDurationInstrument,
        unit: "s",
        description: "Time of a hub method invocation, by hub and method."
    );

    internal static readonly UpDownCounter<long> HubConnections = Meter.CreateUpDownCounter<long>(
        HubConnectionsInstrument,
        unit: null,
        description: "Open hub connections, by hub."
    );

    internal static readonly Counter<long> TokenValidations = Meter.CreateCounter<long>(
        TokenValidationsInstrument,
        unit: null,
        description: "Bearer tokens validated, by result and bounded reason."
    );

    internal static readonly Counter<long> GrainCalls = Meter.CreateCounter<long>(
        GrainCallsInstrument,
        unit: null,
        description: "Grain calls the gateway made (every attempt, retries included), by grain interface method."
    );

    /// <summary>The current trace id (32 hex digits), or null outside a trace.</summary>
    public static string? CurrentTraceId() => Activity.Current is { } activity ? activity.TraceId.ToHexString() : null;

    /// <summary>
    /// <paramref name="message"/> with the current trace id appended (<c>... [traceId 4bf9...]</c>),
    /// for errors sent to hub callers: support can find the server side of what the client saw.
    /// </summary>
    public static string WithTraceId(string message) => CurrentTraceId() is { } id ? $"{message} [traceId {id}]" : message;

    /// <summary>The hub's label from its type (<c>MatchHub</c> → <c>match</c>).</summary>
    public static string HubName(Type hubType)
    {
        var name = hubType.Name;
        return (name.EndsWith("Hub", StringComparison.Ordinal) ? name[..^3] : name).ToLowerInvariant();
    }
}
