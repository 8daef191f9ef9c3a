using System.Text.Json;
using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Training;
using Battleship.Trainer.Cluster;
using Battleship.Trainer.Dqn;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Battleship.Rl.Tests;

/// <summary>The DQN behind the trainer silos' grains: configuration, the wire format of experience, self-play sessions, remote workers.</summary>
public sealed class DqnBackendTests
{
    private static DqnBackend Backend(string? directory = null) =>
        new(Options.Create(new TrainingOptions { Directory = directory ?? TestConfig.TempDirectory() }), NullLogger<DqnBackend>.Instance);

    [Fact]
    public void ExperienceCodec_RoundTrip_IsExact()
    {
        using var network = new QNetwork(GameRules.Standard, TestConfig.Tiny);
        var batch = new SelfPlayWorker(GameRules.Standard, TestConfig.Tiny, network, seed: 3).Collect(vectorSteps: 5, epsilon: 1.0);

        var decoded = ExperienceCodec.Decode(ExperienceCodec.Encode(batch));

        Assert.Equal((batch.Count, batch.ObservationSize), (decoded.Count, decoded.ObservationSize));
        Assert.Equal(batch.Observations, decoded.Observations);
        Assert.Equal(batch.NextObservations, decoded.NextObservations);
        Assert.Equal(batch.Actions, decoded.Actions);
        Assert.Equal(batch.Rewards, decoded.Rewards);
        Assert.Equal(batch.Dones, decoded.Dones);
        Assert.Equal(batch.Ships, decoded.Ships);
        Assert.All(decoded.Ships, ships => Assert.Equal(GameRules.Standard.FleetCells, Bitboard.Count(ships)));
    }

    [Fact]
    public void ExperienceCodec_Garbage_IsInvalidData()
    {
        Assert.ThrowsAny<InvalidDataException>(() => ExperienceCodec.Decode([1, 2, 3, 4, 5]));
    }

    [Fact]
    public void ResolveConfig_NoOverrides_IsTheDefault()
    {
        Assert.Equal(DqnConfig.Default.Validate().ToJson(), Backend().ResolveConfig(null));
    }

    [Fact]
    public void ResolveConfig_Overrides_NumbersOrStrings_AreApplied()
    {
        var json = Backend().ResolveConfig("""{"gamma":0.25,"targets":"action","totalEnvSteps":"64000"}""");

        var config = DqnConfig.FromJson(json);
        Assert.Equal((0.25, 64_000L), (config.Gamma, config.TotalEnvSteps));
        Assert.Equal(DqnConfig.Default.LearningRate, config.LearningRate);
    }

    [Theory]
    [InlineData("""{"learningRat":0.1}""", "learningRat")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"gamma":"soon"}""", "gamma")]
    [InlineData("""not json""", "not JSON")]
    public void ResolveConfig_Bad_IsArgumentException_NamingTheProblem(string overrides, string mentioned)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Backend().ResolveConfig(overrides));

        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfPlaySession_KeepsItsEpisodesAcrossRequests()
    {
        var config = TestConfig.Tiny;
        using var learner = new DqnLearner(GameRules.Standard, config);
        using var session = Backend().StartSelfPlay(config.ToJson(), seed: 5);
        var steps = 16 * config.Environments;

        // Random play needs more than 16 steps per episode: only a session that keeps its
        // environments between requests ever finishes one.
        var batches = Enumerable.Range(0, 8).Select(_ => session.Play(learner.ExportWeights(), 1.0, steps, "silo")).ToList();

        Assert.All(batches, b => Assert.Equal(steps, b.Count));
        Assert.Equal(0, batches[0].Episodes);
        Assert.True(batches.Sum(b => b.Episodes) >= config.Environments);
        Assert.All(batches, b => Assert.Equal("silo", b.Silo));
    }

    [Fact]
    public async Task Run_WithRemoteWorkers_UsesThem_AndNamesItsBestCheckpoint()
    {
        var backend = Backend();
        var jobId = Guid.NewGuid();
        var config = backend.ResolveConfig(
            JsonSerializer.Serialize(
                new
                {
                    seed = 7,
                    channels = 16,
                    convLayers = 3,
                    environments = 32,
                    batchSize = 32,
                    replayCapacity = 20_000,
                    learningStarts = 1_000,
                    totalEnvSteps = 3_200,
                    epsilonDecaySteps = 2_000,
                    progressInterval = 640,
                    evaluationInterval = 1_600,
                    checkpointInterval = 1_600,
                    evaluationGames = 50,
                    finalEvaluationGames = 0,
                    selectionGames = 60,
                    timeLimitMinutes = 0,
                    threads = 1,
                }
            )
        );
        var workers = new InProcessWorkers(backend, config);
        var reports = new List<Grains.Models.TrainingProgress>();
        var context = new TrainingRunContext(
            jobId,
            config,
            Path.Combine(TestConfig.TempDirectory(), jobId.ToString("N")),
            workers,
            p =>
            {
                reports.Add(p);
                return Task.CompletedTask;
            }
        );

        var outcome = await backend.RunAsync(context, TestContext.Current.CancellationToken);

        Assert.True(workers.Requests > 0);
        Assert.Equal(DqnBackend.JobCheckpoint(jobId), outcome.BestCheckpoint);
        Assert.NotNull(outcome.BestEvalMeanShots);
        Assert.NotEmpty(reports);
        Assert.True(reports[^1].Step >= 3_200);
    }

    [Fact]
    public void ChooseShot_ShippedAgent_FiresAtAnOpenCell()
    {
        var shots = Bitboard.Bit(0) | Bitboard.Bit(11) | Bitboard.Bit(55);
        var request = new AgentShotRequest(Guid.NewGuid(), RulesSpec.Standard, CellSet.From(shots), default, default, 0b11111, 1);

        var cell = Backend().ChooseShot(DqnBackend.BuiltInCheckpoint, request);

        Assert.InRange(cell, 0, 99);
        Assert.False(Bitboard.Contains(shots, cell));
    }

    private static readonly int[] FiredCells = [0, 11, 55];
    private static readonly int[] NextToTheHit = [45, 54, 56, 65];

    [Fact]
    public void Analyze_ShippedAgent_ChancesInZeroToOne_ZeroWhereFired_AndItsOwnShot()
    {
        var shots = Bitboard.Bit(0) | Bitboard.Bit(11) | Bitboard.Bit(55);
        var hits = Bitboard.Bit(55);
        var request = new AgentShotRequest(
            Guid.NewGuid(),
            RulesSpec.Standard,
            CellSet.From(shots),
            CellSet.From(hits),
            default,
            0b11111,
            1
        );
        var backend = Backend();

        var analysis = backend.Analyze(DqnBackend.BuiltInCheckpoint, request);

        Assert.Equal(AnalysisSources.Dqn, analysis.Source);
        Assert.Equal(100, analysis.HitProbabilities.Count);
        Assert.All(analysis.HitProbabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal([0f, 0f, 0f], FiredCells.Select(c => analysis.HitProbabilities[c]));
        Assert.Equal(backend.ChooseShot(DqnBackend.BuiltInCheckpoint, request), analysis.Cell);
        // With a hit at 55 and γ = 0, a trained network rates a neighbour of the hit far above a corner.
        Assert.True(NextToTheHit.Max(c => analysis.HitProbabilities[c]) > analysis.HitProbabilities[99]);
    }

    [Theory]
    [InlineData("nowhere")]
    [InlineData("jobs/not-a-guid")]
    [InlineData("jobs/0123456789abcdef0123456789abcdef")]
    public void ChooseShot_UnknownCheckpoint_IsArgumentException(string checkpoint)
    {
        var request = new AgentShotRequest(Guid.NewGuid(), RulesSpec.Standard, default, default, default, 0b11111, 1);

        Assert.ThrowsAny<ArgumentException>(() => Backend().ChooseShot(checkpoint, request));
    }

    /// <summary>Workers in this process, with real self-play sessions (what the worker grains do on the trainer silos).</summary>
    private sealed class InProcessWorkers(DqnBackend backend, string config) : IExperienceSource
    {
        private readonly ISelfPlaySession _session = backend.StartSelfPlay(config, 11);

        public int Count => 1;

        public int Requests { get; private set; }

        public Task<IReadOnlyList<ExperienceBatch>> GenerateAsync(ExperienceRequest request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult<IReadOnlyList<ExperienceBatch>>([
                _session.Play(request.Weights, request.Epsilon, request.Steps, "in-process"),
            ]);
        }
    }
}
