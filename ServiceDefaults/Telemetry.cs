using Microsoft.Extensions.Hosting;

namespace Battleship.ServiceDefaults;

/// <summary>
/// OpenTelemetry for every host. This is the only place where exporters and instrumentation are
/// to be added (traces from <c>Microsoft.Orleans.*</c> and <c>Battleship.*</c> activity sources,
/// the <c>Microsoft.Orleans</c> and <c>Battleship.*</c> meters, logs, OTLP export). It is empty on
/// purpose until the telemetry issue fills it; nothing is exported today.
/// </summary>
public static class Telemetry
{
    /// <summary>Configures OpenTelemetry (today: nothing; see the type's remarks).</summary>
    /// <typeparam name="TBuilder">The host builder.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        // OpenTelemetry: the telemetry issue adds tracing, metrics, logging and the OTLP exporter here.
        return builder;
    }
}
