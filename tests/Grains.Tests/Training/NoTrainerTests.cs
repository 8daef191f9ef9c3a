namespace Battleship.Grains.Tests.Training;

/// <summary>The game cluster alone (no trainer silo): trainer grains never activate on a game silo.</summary>
public sealed class NoTrainerTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    [Fact]
    public async Task SubmitTrainingJob_WithoutTrainerSilo_IsUnavailable_AndNothingActivates()
    {
        var job = Fixture.Grains.GetGrain<ITrainingJobGrain>(Guid.NewGuid());

        var error = await Assert.ThrowsAsync<BattleshipException>(() => job.SubmitAsync(new TrainingJobRequest("Nowhere", null, null)));

        Assert.Equal(ErrorCode.Unavailable, error.Code);
        Assert.Contains("No trainer silo", error.Message, StringComparison.Ordinal);
        var counts = await Fixture.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(counts, c => c.GrainType.Contains("Training", StringComparison.Ordinal) && c.ActivationCount > 0);
    }

    [Fact]
    public async Task DqnAgent_WithoutTrainerSilo_IsUnavailable()
    {
        var agentId = Guid.NewGuid();
        await Fixture
            .Grains.GetGrain<IAgentGrain>(agentId)
            .DefineAsync(new AgentDefinition($"Dqn {agentId:N}"[..20], AgentKind.Dqn, "any"));
        var request = new AgentShotRequest(Guid.NewGuid(), RulesSpec.Standard, default, default, default, 5, 1);

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Fixture.Grains.GetGrain<IAgentGrain>(agentId).ChooseShotAsync(request)
        );

        Assert.Equal(ErrorCode.Unavailable, error.Code);
    }
}
