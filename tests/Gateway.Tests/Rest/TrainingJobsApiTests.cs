namespace Battleship.Gateway.Tests.Rest;

/// <summary>A game silo, one trainer silo with the <see cref="ScriptedTrainer"/>, and a gateway on them.</summary>
public sealed class TrainerGatewayFixture : IAsyncLifetime
{
    private GameCluster? _game;
    private GatewayFactory? _gateway;

    public GatewayFactory Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _game = await GameCluster.StartAsync(b => b.AddSiloBuilderConfigurator<ScriptedTrainerSilos>(), trainerSilos: 1);
        _gateway = new GatewayFactory(_game.Cluster.Client, _game.Database.ConnectionString, new Dictionary<string, string?>(), "Testing");
        _ = _gateway.Server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_game is not null)
        {
            await _game.DisposeAsync();
        }
    }
}

public sealed class TrainingJobsApiTests(TrainerGatewayFixture fixture) : IClassFixture<TrainerGatewayFixture>
{
    private readonly GatewayFactory _gateway = fixture.Gateway;

    [Fact]
    public async Task Submit_Is201Running_ThenCompletes_AndIsListed()
    {
        var owner = await _gateway.SignInAsync("Coach");

        var response = await owner.PostAsync("/api/training-jobs", new { name = "Night run", config = new { steps = 20 } });
        var job = await response.ReadAsync<TrainingJobView>();
        var done = await UntilEndedAsync(owner, job.Id);
        var mine = await owner.GetOkAsync<Page<TrainingJobSummaryDto>>("/api/training-jobs?mine=true");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/training-jobs/{job.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((TrainingJobStatus.Running, "Night run", (Guid?)owner.UserId), (job.Status, job.Name, job.OwnerId));
        Assert.Equal(TrainingJobStatus.Completed, done.Status);
        Assert.Equal([10L, 20L], done.History.Select(p => p.Step));
        var listed = Assert.Single(mine.Items);
        Assert.Equal(
            (job.Id, "Night run", TrainingJobStatus.Completed, 42.5),
            (listed.Id, listed.Name, listed.Status, listed.BestEvalMeanShots)
        );
        Assert.Equal(job.Id, listed.AgentId);
    }

    [Theory]
    [InlineData("""{"name":"Bad","config":{"learningRate":1}}""", "learningRate")]
    [InlineData("""{"name":"Bad","config":[1,2]}""", "JSON object")]
    [InlineData("""{"name":"","config":null}""", "name")]
    public async Task Submit_BadBody_Is400Validation(string body, string mentioned)
    {
        var owner = await _gateway.SignInAsync("Coach");

        var response = await owner.Http.PostAsync(
            new Uri("/api/training-jobs", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken
        );
        var problem = await response.ProblemAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Validation", problem.GetProperty("code").GetString());
        Assert.Contains(mentioned, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ByAnotherUser_Is403_ByTheOwner_IsCancelled()
    {
        var owner = await _gateway.SignInAsync("Coach");
        var stranger = await _gateway.SignInAsync("Stranger");
        var job = await owner.PostOkAsync<TrainingJobView>(
            "/api/training-jobs",
            new { name = "Held", config = new { steps = 100, holdAt = 10 } }
        );
        await ScriptedTrainer
            .Jobs.GetOrAdd(job.Id, _ => new ScriptedTrainer.JobLog())
            .Holding.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var refused = await stranger.PostAsync($"/api/training-jobs/{job.Id}/cancel");
        var cancelled = await owner.PostOkAsync<TrainingJobView>($"/api/training-jobs/{job.Id}/cancel");

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "NotOwner");
        Assert.Equal(TrainingJobStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Get_Unknown_Is404()
    {
        var user = await _gateway.SignInAsync("Coach");

        var response = await user.GetAsync($"/api/training-jobs/{Guid.NewGuid()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    private static async Task<TrainingJobView> UntilEndedAsync(Session session, Guid id)
    {
        // The run reports through the job grain; poll its view until it ends (bounded).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var view = await session.GetOkAsync<TrainingJobView>($"/api/training-jobs/{id}");
            if (view.Status != TrainingJobStatus.Running || DateTime.UtcNow > deadline)
            {
                return view;
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A row of the job list.</summary>
    public sealed record TrainingJobSummaryDto(Guid Id, string Name, TrainingJobStatus Status, double? BestEvalMeanShots, Guid? AgentId);
}

/// <summary>Training without a trainer silo: the gateway answers 503 with a clear ProblemDetails.</summary>
public sealed class TrainingWithoutTrainerTests(GatewayFixture fixture) : GatewayTests(fixture)
{
    [Fact]
    public async Task Submit_WithoutTrainerSilo_Is503Unavailable()
    {
        var user = await Gateway.SignInAsync("Coach");

        var response = await user.PostAsync("/api/training-jobs", new { name = "Nowhere" });
        var problem = await response.ProblemAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal("Unavailable", problem.GetProperty("code").GetString());
        Assert.Contains("No trainer silo", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithoutTrainerSilo_Works()
    {
        var user = await Gateway.SignInAsync("Coach");

        var page = await user.GetOkAsync<Page<TrainingJobsApiTests.TrainingJobSummaryDto>>("/api/training-jobs?mine=true");

        Assert.Empty(page.Items);
    }
}
