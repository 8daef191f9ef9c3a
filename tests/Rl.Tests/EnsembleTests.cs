using Battleship.Engine;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class EnsembleTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Fact]
    public void Load_OfAFolderOfMembers_AveragesTheMembersValues()
    {
        var ensemble = TestConfig.TempDirectory();
        var first = Path.Combine(ensemble, DqnPolicy.MembersFolder, "a");
        var second = Path.Combine(ensemble, DqnPolicy.MembersFolder, "b");
        QNetworkTests.SaveFreshCheckpoint(first, TestConfig.Tiny with { Seed = 2 });
        QNetworkTests.SaveFreshCheckpoint(second, TestConfig.Tiny with { Seed = 3 });
        var ocean = new Ocean(FleetLayout.Random(Rules, seed: 5));
        ocean.Fire(12);
        ocean.Fire(47);
        using var policy = DqnPolicy.Load(ensemble);
        using var a = DqnPolicy.Load(first);
        using var b = DqnPolicy.Load(second);

        var values = policy.QValues(ocean.View);
        var (valuesA, valuesB) = (a.QValues(ocean.View), b.QValues(ocean.View));

        Assert.Equal(2, policy.Members);
        Assert.Equal(1, a.Members);
        Assert.NotEqual(valuesA, valuesB);
        for (var cell = 0; cell < Rules.Cells; cell++)
        {
            Assert.Equal((valuesA[cell] + valuesB[cell]) / 2, values[cell], 5);
        }
        var shot = policy.SelectShot(ocean.View);
        Assert.Equal(QInference.FirstBest(values, ocean.View.Unshot, SymmetricQ.TieTolerance), shot);
    }

    [Fact]
    public void Load_OfAnEmptyFolderOfMembers_ThrowsFileNotFound()
    {
        var ensemble = TestConfig.TempDirectory();
        Directory.CreateDirectory(Path.Combine(ensemble, DqnPolicy.MembersFolder, "a"));

        var error = Assert.Throws<FileNotFoundException>(() => DqnPolicy.Load(ensemble));

        Assert.Contains(DqnPolicy.MembersFolder, error.Message, StringComparison.Ordinal);
    }
}
