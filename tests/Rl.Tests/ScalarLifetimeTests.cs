using Battleship.Engine;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

/// <summary>
/// The trainer's and the agent's torch calls with another thread collecting garbage all the time: a
/// Scalar that a native call reads must stay reachable until the call returns (docs/rl.md).
/// </summary>
public sealed class ScalarLifetimeTests
{
    [Fact]
    public void AdamStep_SurvivesGarbageCollectionsOnAnotherThread()
    {
        // TorchSharp's own Adam failed this within a few hundred steps, every time (docs/rl.md).
        using var model = AdamTests.SeededModel();
        using var optimizer = new Adam(model.parameters(), 1e-3);
        var (inputs, targets) = AdamTests.Batch();

        using (new ConstantCollections())
        {
            for (var i = 0; i < 3_000; i++)
            {
                AdamTests.Step(model, optimizer, inputs, targets);
            }
        }

        Assert.All(LearnerTests.Parameters(model), value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Learner_TrainsThroughGarbageCollectionsOnAnotherThread()
    {
        // With TorchSharp's Adam the learner failed this within 250 updates, every time (docs/rl.md).
        var config = TestConfig.Tiny with
        {
            Gamma = 0.5,
        };
        using var learner = new DqnLearner(GameRules.Standard, config);
        var batch = LearnerTests.SelfPlayBatch(config, learner.Online);

        using (new ConstantCollections())
        {
            for (var i = 0; i < 400; i++)
            {
                learner.TrainStep(batch);
            }
        }

        Assert.Equal(400, learner.Updates);
        Assert.True(learner.ParametersAreFinite());
    }

    [Fact]
    public void EnsembleInference_ChoosesShotsThroughGarbageCollectionsOnAnotherThread()
    {
        // Before its Scalars were held, the ensemble's averaging failed this within a few hundred shots.
        var ensemble = TestConfig.TempDirectory();
        QNetworkTests.SaveFreshCheckpoint(Path.Combine(ensemble, DqnPolicy.MembersFolder, "a"), TestConfig.Tiny with { Seed = 2 });
        QNetworkTests.SaveFreshCheckpoint(Path.Combine(ensemble, DqnPolicy.MembersFolder, "b"), TestConfig.Tiny with { Seed = 3 });
        using var policy = DqnPolicy.Load(ensemble);
        var ocean = new Ocean(FleetLayout.Random(GameRules.Standard, seed: 5));
        var shots = new List<int>();

        using (new ConstantCollections())
        {
            for (var i = 0; i < 1_000; i++)
            {
                shots.Add(policy.SelectShot(ocean.View));
            }
        }

        Assert.All(shots, shot => Assert.True(Bitboard.Contains(ocean.View.Unshot, shot)));
        Assert.Single(shots.Distinct()); // the same view, the same greedy shot
    }

    /// <summary>Full blocking collections, one after another on a thread of their own, until disposed.</summary>
    private sealed class ConstantCollections : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stopped;

        public ConstantCollections()
        {
            _thread = new Thread(() =>
            {
                while (!_stopped)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
            });
            _thread.Start();
        }

        public void Dispose()
        {
            _stopped = true;
            _thread.Join();
        }
    }
}
