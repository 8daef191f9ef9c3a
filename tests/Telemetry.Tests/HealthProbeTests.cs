using Battleship.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Battleship.Telemetry.Tests;

/// <summary>The containers' health check (<c>--health-probe URL</c>) against a host's real health endpoints.</summary>
public sealed class HealthProbeTests
{
    private static async Task<WebApplication> StartAsync(bool ready)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "Battleship.Telemetry.Tests" }
        );
        builder.WebHost.UseTestServer();
        builder.Configuration["OTEL_SDK_DISABLED"] = "true";
        builder.AddServiceDefaults();
        builder
            .Services.AddHealthChecks()
            .AddCheck(
                "cluster",
                () => ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(),
                [ServiceDefaultsExtensions.ReadyTag]
            );
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task Probe_OfTheReadinessEndpoint_ExitsZeroOnlyWhenReady(bool ready, int expected)
    {
        await using var app = await StartAsync(ready);

        var code = await HealthProbe.RunAsync(
            [HealthProbe.Argument, "http://localhost" + ServiceDefaultsExtensions.HealthReadyPath],
            app.GetTestServer().CreateHandler()
        );

        Assert.Equal(expected, code);
    }

    [Fact]
    public async Task Probe_OfAnAddressNobodyListensOn_ExitsOne()
    {
        // Port 9 (discard) is closed on loopback: the connection is refused at once.
        Assert.Equal(1, await HealthProbe.RunAsync([HealthProbe.Argument, "http://127.0.0.1:9/health/ready"]));
    }

    [Theory]
    [InlineData("--health-probe")]
    [InlineData("--health-probe|not a url")]
    [InlineData("--health-probe|ftp://127.0.0.1/health")]
    [InlineData("--health-probe|http://127.0.0.1:8080/health/ready|extra")]
    public async Task Probe_WithABadCommandLine_ExitsTwo(string commandLine) =>
        Assert.Equal(2, await HealthProbe.RunAsync(commandLine.Split('|')));

    [Theory]
    [InlineData("", false)]
    [InlineData("silo", false)]
    [InlineData("silo|--health-probe", false)]
    [InlineData("--health-probe|http://127.0.0.1:8080/health/ready", true)]
    public void IsRequested_OnlyWhenTheFirstArgumentAsksForIt(string commandLine, bool expected) =>
        Assert.Equal(expected, HealthProbe.IsRequested(commandLine.Split('|', StringSplitOptions.RemoveEmptyEntries)));
}
