using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Battleship.ServiceDefaults;

/// <summary>
/// OpenTelemetry for every host: the only place in the repository that configures the SDK.
/// Components emit through BCL <c>ActivitySource</c>/<c>Meter</c>/<c>ILogger</c> only; this
/// subscribes to them and exports. See docs/telemetry.md.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Traces from every <c>Battleship.*</c> activity source, Orleans (<c>Microsoft.Orleans.*</c>),
/// ASP.NET Core (requests, SignalR hub invocations) and outgoing HTTP.</item>
/// <item>Metrics from every <c>Battleship.*</c> meter, <c>Microsoft.Orleans</c>, ASP.NET Core
/// (requests, Kestrel, SignalR connections, authentication, rate limiting), HTTP clients and the
/// runtime; scraped by Prometheus at <see cref="MetricsPath"/> (<see cref="MapTelemetryEndpoints"/>).</item>
/// <item>Logs through the OpenTelemetry logger provider, each with its trace and span ids.</item>
/// <item>OTLP export of all three only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>: <c>grpc</c>, the default, or <c>http/protobuf</c>).</item>
/// <item><c>OTEL_SDK_DISABLED=true</c>: nothing is registered: no provider, no exporter, no
/// <see cref="MetricsPath"/>; every source and meter stays unlistened.</item>
/// <item><c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c> override the defaults
/// (service name from the application, <c>deployment.environment.name</c> from the host environment).</item>
/// </list>
/// The settings are read once, when the host is built; calling <see cref="ConfigureOpenTelemetry{TBuilder}"/>
/// again changes nothing. The providers are created when the host first resolves them.
/// </remarks>
public static class Telemetry
{
    /// <summary>Where Prometheus scrapes a host.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The activity sources that are traced (trailing <c>*</c>: a prefix).</summary>
    public static IReadOnlyList<string> ActivitySources { get; } =
    ["Battleship.*", "Microsoft.Orleans.*", "Microsoft.AspNetCore.SignalR.Server", "System.Net.Http"];

    /// <summary>The meters that are measured (trailing <c>*</c>: a prefix).</summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        "Battleship.*",
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR.Server",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Net.Http",
        "System.Runtime",
    ];

    /// <summary>Configures OpenTelemetry from the <c>OTEL_*</c> settings (once per host; see the remarks).</summary>
    /// <typeparam name="TBuilder">The host builder.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(TelemetrySettings)))
        {
            return builder; // already configured
        }
        var settings = TelemetrySettings.Read(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<MetricsEndpointMarker>();
        if (!settings.Enabled)
        {
            return builder;
        }

        var otel = builder
            .Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
                resource
                    .AddService(settings.ServiceName, serviceVersion: settings.ServiceVersion)
                    .AddAttributes([new("deployment.environment.name", settings.EnvironmentName)])
                    .AddEnvironmentVariableDetector() // OTEL_RESOURCE_ATTRIBUTES win over the defaults above
            )
            .WithTracing(tracing =>
            {
                foreach (var source in ActivitySources)
                {
                    tracing.AddSource(source);
                }
                tracing.AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !IsInfrastructure(context.Request.Path);
                    o.RecordException = false; // no stack traces in span attributes
                });
            })
            .WithMetrics(metrics =>
            {
                foreach (var meter in Meters)
                {
                    metrics.AddMeter(meter);
                }
                metrics.AddPrometheusExporter();
            })
            .WithLogging(
                configureBuilder: null,
                configureOptions: o =>
                {
                    o.IncludeFormattedMessage = true;
                    o.IncludeScopes = true;
                }
            );
        if (settings.OtlpEndpoint is not null)
        {
            otel.UseOtlpExporter(); // endpoint, protocol, headers and intervals from the OTEL_* settings
        }
        return builder;
    }

    /// <summary>Maps <see cref="MetricsPath"/> (Prometheus text exposition) unless telemetry is disabled.</summary>
    /// <param name="endpoints">The host's endpoints.</param>
    /// <returns>The same endpoints.</returns>
    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Mapped once per host, whoever asks first (MapDefaultEndpoints or a host's own telemetry wiring).
        if (
            endpoints.ServiceProvider.GetService<TelemetrySettings>() is { Enabled: true }
            && endpoints.ServiceProvider.GetService<MetricsEndpointMarker>() is { Mapped: false } marker
        )
        {
            marker.Mapped = true;
            endpoints.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().DisableRateLimiting();
        }
        return endpoints;
    }

    private sealed class MetricsEndpointMarker
    {
        public bool Mapped { get; set; }
    }

    private static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ServiceDefaultsExtensions.ReadyPath, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The <c>OTEL_*</c> settings a host was built with (read once; see <see cref="Telemetry"/>).</summary>
/// <param name="Enabled">False when <c>OTEL_SDK_DISABLED</c> is <c>true</c>.</param>
/// <param name="ServiceName"><c>OTEL_SERVICE_NAME</c>, or the application's name in kebab case (<c>battleship-silo</c>).</param>
/// <param name="ServiceVersion">The entry assembly's version.</param>
/// <param name="EnvironmentName">The host environment, lower case (<c>production</c>, <c>development</c>).</param>
/// <param name="OtlpEndpoint"><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, when set: OTLP export of traces, metrics and logs.</param>
/// <param name="OtlpProtocol"><c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>grpc</c> when unset).</param>
public sealed record TelemetrySettings(
    bool Enabled,
    string ServiceName,
    string? ServiceVersion,
    string EnvironmentName,
    Uri? OtlpEndpoint,
    string OtlpProtocol
)
{
    /// <summary>Reads the settings from configuration (environment variables included).</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="environment">The host's environment.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException">A setting is malformed; the message names it.</exception>
    public static TelemetrySettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var disabledText = configuration["OTEL_SDK_DISABLED"];
        var disabled = false;
        if (!string.IsNullOrWhiteSpace(disabledText) && !bool.TryParse(disabledText.Trim(), out disabled))
        {
            throw new InvalidOperationException($"OTEL_SDK_DISABLED is '{disabledText}'; expected true or false.");
        }
        var name = configuration["OTEL_SERVICE_NAME"];
        if (string.IsNullOrWhiteSpace(name))
        {
            name = environment.ApplicationName.Replace('.', '-').ToLowerInvariant();
        }
        Uri? endpoint = null;
        var endpointText = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(endpointText) && !Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out endpoint))
        {
            throw new InvalidOperationException(
                $"OTEL_EXPORTER_OTLP_ENDPOINT is '{endpointText}'; expected an absolute URL such as http://collector:4317."
            );
        }
        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        protocol = string.IsNullOrWhiteSpace(protocol) ? "grpc" : protocol.Trim();
        if (protocol is not ("grpc" or "http/protobuf"))
        {
            throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_PROTOCOL is '{protocol}'; expected grpc or http/protobuf.");
        }
        return new TelemetrySettings(
            !disabled,
            name.Trim(),
            System.Reflection.Assembly.GetEntryAssembly()?.GetName().Version?.ToString(),
            environment.EnvironmentName.ToLowerInvariant(),
            endpoint,
            protocol
        );
    }
}
