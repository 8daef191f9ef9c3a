using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Battleship.Gateway.Telemetry;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// Listens to the gateway's grain-call counter (<c>battleship.gateway.grain_calls</c>) while it is
/// alive and counts the calls by method. The meter is shared by every gateway in this process, so
/// the subscription renewals of any gateway (<c>*.SubscribeAsync</c>, on their timer) are kept apart
/// from the calls a test makes.
/// </summary>
public sealed class GrainCallCounter : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public GrainCallCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayTelemetry.Name && instrument.Name == GatewayTelemetry.GrainCallsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(
            (_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == GatewayTelemetry.MethodLabel)
                    {
                        _calls.AddOrUpdate((string)tag.Value!, (int)value, (_, count) => count + (int)value);
                    }
                }
            }
        );
        _listener.Start();
    }

    /// <summary>The calls counted so far by method (<c>IMatchGrain.FireAsync</c>), renewals left out.</summary>
    public IReadOnlyDictionary<string, int> Calls =>
        _calls.Where(c => !c.Key.EndsWith(".SubscribeAsync", StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
