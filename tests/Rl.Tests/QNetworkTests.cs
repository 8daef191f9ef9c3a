using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Trainer.Dqn;
using static TorchSharp.torch;

namespace Battleship.Rl.Tests;

public sealed class QNetworkTests
{
    private static readonly GameRules Rules = GameRules.Standard;
    private static readonly bool[] Legal = [true, false, true, false];

    [Fact]
    public void Forward_BatchOfObservations_GivesOneQValuePerCell()
    {
        using var network = new QNetwork(Rules, TestConfig.Tiny, seed: 1);
        using var input = zeros(5, ObservationEncoder.Channels(Rules), Rules.Rows, Rules.Columns);
        using var q = network.call(input);

        Assert.Equal([5L, 100L], q.shape);
        Assert.Equal(9, network.InputChannels);
        Assert.Equal(100, network.Actions);
    }

    [Fact]
    public void Forward_FlatObservations_AreReshaped()
    {
        using var network = new QNetwork(Rules, TestConfig.Tiny, seed: 1);
        using var input = ones(3, ObservationEncoder.Size(Rules));
        using var q = network.call(input);

        Assert.Equal([3L, 100L], q.shape);
    }

    [Fact]
    public void MaskIllegal_SetsIllegalCellsToNegativeInfinity_AndKeepsTheOthers()
    {
        using var q = arange(0, 4, dtype: ScalarType.Float32).reshape(1, 4);
        using var legal = tensor(Legal).reshape(1, 4);
        using var masked = QNetwork.MaskIllegal(q, legal);
        var values = masked.data<float>().ToArray();

        Assert.Equal([0f, float.NegativeInfinity, 2f, float.NegativeInfinity], values);
    }

    [Fact]
    public void SelectShots_NeverChoosesACellAlreadyFiredAt()
    {
        var directory = TestConfig.TempDirectory();
        SaveFreshCheckpoint(directory, TestConfig.Tiny);
        using var policy = DqnPolicy.Load(directory);
        var size = ObservationEncoder.Size(Rules);
        const int batch = 64;
        var observations = new float[batch * size];
        var oceans = new Ocean[batch];
        var rng = new Rng(3);
        for (var i = 0; i < batch; i++)
        {
            oceans[i] = new Ocean(FleetLayout.Random(Rules, (ulong)i));
            // Fire at all but i + 1 random cells, so that few legal cells remain.
            var shots = 99 - i;
            while (oceans[i].ShotCount < shots && !oceans[i].AllSunk)
            {
                oceans[i].TryFire(rng.NextInt(100), out _);
            }
            ObservationEncoder.Encode(oceans[i].View, observations.AsSpan(i * size, size));
        }
        var actions = new int[batch];

        policy.SelectShots(observations, batch, actions);

        for (var i = 0; i < batch; i++)
        {
            Assert.True((oceans[i].View.Unshot & (UInt128.One << actions[i])) != UInt128.Zero, $"game {i} chose fired cell {actions[i]}");
        }
    }

    internal static void SaveFreshCheckpoint(string directory, DqnConfig config)
    {
        using var learner = new DqnLearner(Rules, config);
        learner.Save(directory);
        config.Save(Path.Combine(directory, Checkpoints.ConfigFile));
    }
}
