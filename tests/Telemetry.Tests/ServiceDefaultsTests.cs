using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Battleship.Engine.Telemetry;
using Battleship.Grains.Telemetry;
using Battleship.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Battleship.Telemetry.Tests;

/// <summary>What ServiceDefaults' OpenTelemetry configuration does with the <c>OTEL_*</c> settings.</summary>
public sealed class ServiceDefaultsTests
{
    private static WebApplicationBuilder Host(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "Battleship.Telemetry.Tests" }
        );
        builder.WebHost.UseTestServer();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        return builder;
    }

    [Fact]
    public async Task Disabled_RegistersNoProviderOrExporter_AndNothingListens()
    {
        var builder = Host(("OTEL_SDK_DISABLED", "true"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"));
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);

        var metrics = await app.GetTestClient()
            .GetAsync(new Uri(Battleship.ServiceDefaults.Telemetry.MetricsPath, UriKind.Relative), TestContext.Current.CancellationToken);
        ScriptedGame.Play("disabled", out _);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<LoggerProvider>());
        Assert.DoesNotContain(
            builder.Services,
            d => (d.ImplementationType ?? d.ServiceType).Assembly.GetName().Name!.StartsWith("OpenTelemetry", StringComparison.Ordinal)
        );
        Assert.False(EngineTelemetry.IsGameObserved);
        Assert.False(EngineTelemetry.IsEnvObserved);
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ConfiguredTwice_InitialisesOnce_AndProvidersAreCreatedOnce()
    {
        var builder = Host();
        builder.ConfigureOpenTelemetry();
        var registrations = builder.Services.Count;
        builder.ConfigureOpenTelemetry();
        var again = builder.Services.Count;
        await using var app = builder.Build();

        Assert.Equal(registrations, again);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(TelemetrySettings));
        Assert.Same(app.Services.GetRequiredService<TracerProvider>(), app.Services.GetRequiredService<TracerProvider>());
        Assert.Same(app.Services.GetRequiredService<MeterProvider>(), app.Services.GetRequiredService<MeterProvider>());
    }

    [Fact]
    public async Task Resource_TakesServiceNameAndAttributesFromTheEnvironment()
    {
        var builder = Host(("OTEL_SERVICE_NAME", "svc-under-test"), ("OTEL_RESOURCE_ATTRIBUTES", "team=ops,region=eu"));
        builder.ConfigureOpenTelemetry();
        await using var app = builder.Build();
        var plain = Host();
        plain.ConfigureOpenTelemetry();
        await using var plainApp = plain.Build();

        var resource = app.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
        var defaults = plainApp
            .Services.GetRequiredService<TracerProvider>()
            .GetResource()
            .Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("svc-under-test", resource["service.name"]);
        Assert.Equal("ops", resource["team"]);
        Assert.Equal("eu", resource["region"]);
        Assert.Equal("testing", resource["deployment.environment.name"]);
        Assert.Equal("battleship-telemetry-tests", defaults["service.name"]);
    }

    [Fact]
    public async Task Logs_CarryTraceAndSpanIds_AndTheGameId()
    {
        var logs = new List<LogRecord>();
        var builder = Host();
        builder.ConfigureOpenTelemetry();
        builder.Logging.AddOpenTelemetry(o => o.AddInMemoryExporter(logs));
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Battleship.Grains.MatchGrain");
        using var source = new ActivitySource("Battleship.Tests");
        var gameId = Guid.NewGuid();
        ActivityTraceId traceId;
        ActivitySpanId spanId;
        using (var call = source.StartActivity("grain call"))
        {
            Assert.NotNull(call);
            (traceId, spanId) = (call.TraceId, call.SpanId);
            GrainLog.GameStarted(logger, gameId, 0);
            GrainLog.InvalidMove(logger, gameId, 1, Engine.MoveError.NotYourTurn);
        }
        app.Services.GetRequiredService<LoggerProvider>().ForceFlush();

        var records = logs.Where(l => l.CategoryName == "Battleship.Grains.MatchGrain").ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(traceId, r.TraceId));
        Assert.All(records, r => Assert.Equal(spanId, r.SpanId));
        Assert.All(records, r => Assert.Contains(r.Attributes!, a => a.Key == "GameId" && Equals(a.Value, gameId)));
        Assert.Contains(records, r => r.Attributes!.Any(a => a.Key == "Player" && Equals(a.Value, 1)));
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task OtlpEndpoint_ExportsTracesMetricsAndLogsOverHttp()
    {
        var received = new ConcurrentDictionary<string, int>();
        var listenerBuilder = WebApplication.CreateSlimBuilder();
        listenerBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var listener = listenerBuilder.Build();
        listener.MapPost(
            "/v1/{signal}",
            async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                if (body.Length > 0)
                {
                    received.AddOrUpdate(signal, 1, (_, n) => n + 1);
                }
                return Results.Ok();
            }
        );
        await listener.StartAsync(TestContext.Current.CancellationToken);
        var endpoint = listener.Urls.Single();

        var builder = Host(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        builder.ConfigureOpenTelemetry();
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        ScriptedGame.Play("otlp", out _);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Battleship.Tests");
        var gameId = Guid.NewGuid();
        GrainLog.GameStarted(logger, gameId, 0);
        // ForceFlush pushes each signal through its OTLP exporter now (the Prometheus reader of the
        // meter provider has nothing to flush and answers false, so only the traces and logs are asserted).
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        Assert.True(app.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000));
        await app.StopAsync(TestContext.Current.CancellationToken);
        await listener.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["logs", "metrics", "traces"], received.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WithoutAnOtlpEndpoint_NoOtlpExporterIsCreated()
    {
        var builder = Host();
        builder.ConfigureOpenTelemetry();
        await using var app = builder.Build();

        Assert.DoesNotContain(
            builder.Services,
            d => (d.ImplementationType ?? d.ServiceType).FullName?.Contains("Otlp", StringComparison.Ordinal) == true
        );
        Assert.Null(app.Services.GetRequiredService<TelemetrySettings>().OtlpEndpoint);
    }

    [Fact]
    public void MalformedSettings_FailWithAMessageNamingTheSetting()
    {
        var builder = Host(("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.ConfigureOpenTelemetry());

        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", error.Message, StringComparison.Ordinal);
    }
}
