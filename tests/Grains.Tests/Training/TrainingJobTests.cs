using Orleans.TestingHost;

namespace Battleship.Grains.Tests.Training;

/// <summary>A game silo and two trainer silos (grain state in PostgreSQL), with the <see cref="ScriptedTrainer"/> on the trainers.</summary>
public sealed class TrainerClusterFixture : IAsyncLifetime
{
    private GameCluster? _game;

    public TestCluster Cluster => (_game ?? throw new InvalidOperationException("The cluster is not started.")).Cluster;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() =>
        _game = await GameCluster.StartAsync(
            b => b.AddSiloBuilderConfigurator<ScriptedTrainerSilos>(),
            trainerSilos: 2,
            durableState: true
        );

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_game is not null)
        {
            await _game.DisposeAsync();
        }
    }
}

public sealed class TrainingJobTests(TrainerClusterFixture fixture) : IClassFixture<TrainerClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    private string GameSilo => fixture.Cluster.Primary!.SiloAddress.ToString();

    [Fact]
    public async Task Submit_RunsOnTrainerSilos_ReportsProgress_AndRegistersTheAgent()
    {
        var id = Guid.NewGuid();
        var subject = Guid.NewGuid().ToString("N");
        var owner = (
            await Grains
                .GetGrain<IIdentityGrain>(IIdentityGrain.KeyOf("test", subject))
                .ResolveAsync(new UserIdentity("test", subject, "Owner"))
        ).UserId;

        var submitted = await Job(id).SubmitAsync(new TrainingJobRequest("Scripted", """{"steps":30}""", owner));
        var done = await UntilAsync(id, v => v.Status != TrainingJobStatus.Running);

        Assert.Equal(TrainingJobStatus.Running, submitted.Status);
        Assert.Equal(TrainingJobStatus.Completed, done.Status);
        Assert.Equal([10L, 20L, 30L], done.History.Select(p => p.Step));
        Assert.Equal(30, done.Progress!.Step);
        Assert.Equal((string?)$"scripted/{id:N}", done.BestCheckpoint);
        Assert.Equal(42.5, done.BestEvalMeanShots);
        Assert.Equal(id, done.AgentId);
        Assert.NotNull(done.Silo);
        Assert.DoesNotContain(GameSilo, done.Silo, StringComparison.Ordinal);
        var agent = await Grains.GetGrain<IAgentGrain>(id).GetProfileAsync();
        Assert.Equal((AgentKind.Dqn, $"scripted/{id:N}", (Guid?)owner), (agent.Kind, agent.Policy, agent.OwnerId));
    }

    [Fact]
    public async Task Workers_SpreadOverBothTrainerSilos_NeverTheGameSilo()
    {
        var id = Guid.NewGuid();

        await Job(id).SubmitAsync(new TrainingJobRequest("Spread", """{"steps":20}""", null));
        await UntilAsync(id, v => v.Status != TrainingJobStatus.Running);

        var silos = ScriptedTrainer.Jobs[id].WorkerSilos.Distinct().ToList();
        Assert.Equal(2, silos.Count);
        Assert.DoesNotContain(silos, s => s.Contains(GameSilo, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_UnknownConfigField_IsValidation_AndNothingIsStored()
    {
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Job(id).SubmitAsync(new TrainingJobRequest("Bad", """{"learningRate":-1}""", null))
        );
        var missing = await Assert.ThrowsAsync<BattleshipException>(() => Job(id).GetAsync());

        Assert.Equal(ErrorCode.Validation, error.Code);
        Assert.Contains("learningRate", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a name that is far too long for a training job because it goes on and on and on")]
    public async Task Submit_BadName_IsValidation(string name)
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() =>
            Job(Guid.NewGuid()).SubmitAsync(new TrainingJobRequest(name, null, null))
        );

        Assert.Equal(ErrorCode.Validation, error.Code);
    }

    [Fact]
    public async Task Cancel_Running_IsCancelled_AndStaysCancelled()
    {
        var id = Guid.NewGuid();
        await Job(id).SubmitAsync(new TrainingJobRequest("Held", """{"steps":100,"holdAt":20}""", null));
        await ScriptedTrainer
            .Jobs.GetOrAdd(id, _ => new ScriptedTrainer.JobLog())
            .Holding.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var cancelled = await Job(id).CancelAsync(Caller.Operator);
        var again = await Job(id).CancelAsync(Caller.Operator);

        Assert.Equal(TrainingJobStatus.Cancelled, cancelled.Status);
        Assert.NotNull(cancelled.FinishedAt);
        Assert.Equal(20, cancelled.Progress!.Step);
        Assert.Equal((cancelled.Status, cancelled.FinishedAt, cancelled.Progress), (again.Status, again.FinishedAt, again.Progress));
        Assert.Null(cancelled.AgentId);
    }

    [Fact]
    public async Task Cancel_ByAnotherUser_IsNotOwner_AndTheJobRunsOn()
    {
        var id = Guid.NewGuid();
        var owner = await NewUserAsync();
        await Job(id).SubmitAsync(new TrainingJobRequest("Guarded", """{"steps":100,"holdAt":10}""", owner));
        await ScriptedTrainer
            .Jobs.GetOrAdd(id, _ => new ScriptedTrainer.JobLog())
            .Holding.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<BattleshipException>(() => Job(id).CancelAsync(new Caller(Guid.NewGuid(), IsAdmin: false)));
        var cancelled = await Job(id).CancelAsync(new Caller(owner, IsAdmin: false));

        Assert.Equal(ErrorCode.NotOwner, error.Code);
        Assert.Equal(TrainingJobStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Cancel_ByAnAdmin_IsCancelled()
    {
        var id = Guid.NewGuid();
        await Job(id).SubmitAsync(new TrainingJobRequest("Moderated", """{"steps":100,"holdAt":10}""", await NewUserAsync()));
        await ScriptedTrainer
            .Jobs.GetOrAdd(id, _ => new ScriptedTrainer.JobLog())
            .Holding.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var cancelled = await Job(id).CancelAsync(new Caller(Guid.NewGuid(), IsAdmin: true));

        Assert.Equal(TrainingJobStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Cancel_NeverSubmitted_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<BattleshipException>(() => Job(Guid.NewGuid()).CancelAsync(Caller.Operator));

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task Run_NaNLoss_IsFailed_WithTheTrainersMessage()
    {
        var id = Guid.NewGuid();

        await Job(id).SubmitAsync(new TrainingJobRequest("Diverging", """{"steps":50,"failAt":30}""", null));
        var failed = await UntilAsync(id, v => v.Status != TrainingJobStatus.Running);

        Assert.Equal(TrainingJobStatus.Failed, failed.Status);
        Assert.Equal("The loss became NaN at step 30.", failed.Error);
        Assert.Equal(30, failed.Progress!.Step);
        Assert.Null(failed.AgentId);
    }

    [Fact]
    public async Task Job_WhoseTrainerSiloStops_ResumesFromItsCheckpoint_OnTheOtherTrainer()
    {
        var id = Guid.NewGuid();
        var running = await Job(id).SubmitAsync(new TrainingJobRequest("Survivor", """{"steps":60,"holdAt":30}""", null));
        var log = ScriptedTrainer.Jobs.GetOrAdd(id, _ => new ScriptedTrainer.JobLog());
        await log.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var silo = fixture.Cluster.Silos.Single(s => running.Silo!.Contains(s.SiloAddress.ToString(), StringComparison.Ordinal));

        await fixture.Cluster.StopSiloAsync(silo, TestContext.Current.CancellationToken);
        await fixture.Cluster.StartAdditionalSiloAsync(); // a trainer again, for the tests that follow
        var resumed = await Job(id).GetAsync(); // activates the job on a live trainer silo: it resumes
        await log.StartedFrom(30).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); // its run starts on its own task

        Assert.Equal(TrainingJobStatus.Running, resumed.Status);
        Assert.NotEqual(running.Silo, resumed.Silo);
        Assert.Equal([0L, 30L], log.Starts.Order());
    }

    [Fact]
    public async Task DqnAgent_AsksItsPolicyOnATrainerSilo()
    {
        var agentId = Guid.NewGuid();
        await Grains.GetGrain<IAgentGrain>(agentId).DefineAsync(new AgentDefinition($"Dqn {agentId:N}"[..20], AgentKind.Dqn, "first-open"));
        var shots = Engine.Bitboard.Bit(0) | Engine.Bitboard.Bit(1);
        var request = new AgentShotRequest(
            Guid.NewGuid(),
            RulesSpec.Standard,
            CellSet.From(shots),
            CellSet.From(Engine.Bitboard.Bit(1)),
            default,
            0b11111,
            7
        );

        var cell = await Grains.GetGrain<IAgentGrain>(agentId).ChooseShotAsync(request);

        Assert.Equal(2, cell);
    }

    private ITrainingJobGrain Job(Guid id) => Grains.GetGrain<ITrainingJobGrain>(id);

    private async Task<Guid> NewUserAsync()
    {
        var subject = Guid.NewGuid().ToString("N");
        var identity = new UserIdentity("test", subject, "Owner");
        return (await Grains.GetGrain<IIdentityGrain>(IIdentityGrain.KeyOf("test", subject)).ResolveAsync(identity)).UserId;
    }

    private async Task<TrainingJobView> UntilAsync(Guid id, Func<TrainingJobView, bool> done)
    {
        // The run reports through the grain's own queue; poll its view until it says so (bounded).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var view = await Job(id).GetAsync();
            if (done(view) || DateTime.UtcNow > deadline)
            {
                return view;
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
