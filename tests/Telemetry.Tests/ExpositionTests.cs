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
        Assert.Contains(
            metrics.LabelsOf("battleship_game_completed_total"),
            l => l.Contains("outcome=\"resign\"", StringComparison.Ordinal)
        );
        Assert.Contains("battleship_game_duration_seconds_bucket", metrics.Names);
        Assert.Contains(metrics.LabelsOf("battleship_matches_ended_total"), l => l.Contains("reason=\"resign\"", StringComparison.Ordinal));
        Assert.Contains(metrics.Families, f => f.StartsWith("orleans_", StringComparison.Ordinal));
    }

    [Fact]
    public void Silo_ExposesTheEnvironmentMetrics()
    {
        var metrics = stack.SiloMetrics;

        Assert.Subset(metrics.Families.ToHashSet(), MetricCatalogue.EnvMetrics.ToHashSet());
        Assert.Contains(metrics.LabelsOf("battleship_env_actions_total"), l => l.Contains("result=\"invalid\"", StringComparison.Ordinal));
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
        Assert.Contains(
            metrics.LabelsOf("http_server_request_duration_seconds_count"),
            l => l.Contains("http_route=\"/api/matches/{id:guid}/fire\"", StringComparison.Ordinal)
        );
        Assert.Contains(
            metrics.LabelsOf("battleship_hub_messages_total"),
            l =>
                l.Contains("hub=\"match\"", StringComparison.Ordinal)
                && l.Contains("method=\"JoinMatch\"", StringComparison.Ordinal)
                && l.Contains("result=\"error\"", StringComparison.Ordinal)
        );
        Assert.Contains("battleship_hub_connections", metrics.Families);
        Assert.Contains(
            metrics.LabelsOf("battleship_gateway_grain_calls_total"),
            l => l.Contains("method=\"IMatchGrain.FireAsync\"", StringComparison.Ordinal)
        );
        Assert.Contains("signalr_server_connection_duration_seconds_bucket", metrics.Names);
        Assert.Contains(
            metrics.LabelsOf("battleship_auth_token_validations_total"),
            l => l.Contains("result=\"valid\"", StringComparison.Ordinal)
        );
        Assert.Contains(
            metrics.LabelsOf("battleship_auth_token_validations_total"),
            l => l.Contains("result=\"invalid\"", StringComparison.Ordinal) && l.Contains("reason=\"malformed\"", StringComparison.Ordinal)
        );
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
}
