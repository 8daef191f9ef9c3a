using System.Net;

namespace Battleship.Telemetry.Tests;

/// <summary>The Prometheus expositions of a running silo and gateway after a scripted match.</summary>
[Collection(StackCollection.Name)]
public sealed class ExpositionTests(Stack stack)
{
    [Fact]
    public void Silo_ExposesTheGameMetrics_WithTheirLabels()
    {
        var metrics = stack.SiloMetrics;

        Assert.Subset(metrics.Families.ToHashSet(), MetricCatalogue.GameMetrics.ToHashSet());
        Assert.Contains(
            metrics.LabelsOf("battleship_shots_total"),
            l => l.Contains("result=\"miss\"", StringComparison.Ordinal) || l.Contains("result=\"hit\"", StringComparison.Ordinal)
        );
        Assert.All(metrics.LabelsOf("battleship_shots_total"), l => Assert.Matches("player=\"(one|two)\"", l));
        AssertSample(metrics, "battleship_game_completed_total", "outcome=\"resign\"");
        Assert.Contains("battleship_game_duration_seconds_bucket", metrics.Names);
        AssertSample(metrics, "battleship_matches_ended_total", "reason=\"resign\"");
        Assert.Contains(metrics.Families, f => f.StartsWith("orleans_", StringComparison.Ordinal));
    }

    [Fact]
    public void Silo_ExposesTheEnvironmentMetrics()
    {
        var metrics = stack.SiloMetrics;

        Assert.Subset(metrics.Families.ToHashSet(), MetricCatalogue.EnvMetrics.ToHashSet());
        AssertSample(metrics, "battleship_env_actions_total", "result=\"invalid\"");
    }

    [Fact]
    public void Expositions_HoldOnlyCataloguedBattleshipNames_AndNoIdsInLabels()
    {
        foreach (var metrics in new[] { stack.SiloMetrics, stack.GatewayMetrics })
        {
            var ours = metrics.Families.Where(f => f.StartsWith("battleship_", StringComparison.Ordinal)).ToHashSet();
            Assert.Subset(MetricCatalogue.All.ToHashSet(), ours);
            Assert.DoesNotMatch(
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-",
                string.Join('\n', metrics.Samples.Where(s => s.Name != "target_info").Select(s => s.Labels))
            );
        }
    }

    [Fact]
    public void Gateway_ExposesRequestHubAndAuthMetrics()
    {
        var metrics = stack.GatewayMetrics;

        Assert.Contains("http_server_request_duration_seconds_bucket", metrics.Names);
        AssertSample(metrics, "http_server_request_duration_seconds_count", "http_route=\"/api/matches/{id:guid}/fire\"");
        AssertSample(metrics, "battleship_hub_messages_total", "hub=\"match\"", "method=\"JoinMatch\"", "result=\"error\"");
        Assert.Contains("battleship_hub_connections", metrics.Families);
        AssertSample(metrics, "battleship_gateway_grain_calls_total", "method=\"IMatchGrain.FireAsync\"");
        Assert.Contains("signalr_server_connection_duration_seconds_bucket", metrics.Names);
        AssertSample(metrics, "battleship_auth_token_validations_total", "result=\"valid\"");
        AssertSample(metrics, "battleship_auth_token_validations_total", "result=\"invalid\"", "reason=\"malformed\"");
    }

    [Fact]
    public void RefusedRequest_ReturnsItsTraceId_InTheHeaderAndTheProblemDetails()
    {
        var (status, header, problem) = stack.RefusedShot;

        Assert.True(
            status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity,
            status.ToString()
        );
        Assert.NotNull(header);
        Assert.Matches("^[0-9a-f]{32}$", header);
        Assert.Contains(header, problem.GetProperty("traceId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HubError_CarriesTheTraceId()
    {
        Assert.Contains("NotFound: ", stack.HubError, StringComparison.Ordinal);
        Assert.Matches(@"\[traceId [0-9a-f]{32}\]", stack.HubError);
    }

    /// <summary>Asserts that a sample of <paramref name="name"/> carries every one of <paramref name="labels"/> (each <c>key="value"</c>).</summary>
    private static void AssertSample(Exposition metrics, string name, params string[] labels) =>
        Assert.Contains(metrics.LabelsOf(name), l => labels.All(label => l.Contains(label, StringComparison.Ordinal)));
}
