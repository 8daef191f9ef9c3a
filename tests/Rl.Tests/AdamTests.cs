using Battleship.Trainer.Dqn;
using static TorchSharp.torch;

namespace Battleship.Rl.Tests;

public sealed class AdamTests
{
    [Fact]
    public void Step_IsTorchSharpsAdam_ToTheBit_StateAndCheckpointIncluded()
    {
        using var stockModel = SeededModel();
        using var heldModel = SeededModel();
        using var stock = optim.Adam(stockModel.parameters(), 1e-2);
        using var held = new Adam(heldModel.parameters(), 1e-2);
        var (inputs, targets) = Batch();

        for (var i = 0; i < 25; i++)
        {
            Step(stockModel, stock, inputs, targets);
            Step(heldModel, held, inputs, targets);
        }

        Assert.Equal(LearnerTests.Parameters(stockModel), LearnerTests.Parameters(heldModel));
        var written = StateBytes(stock);
        Assert.Equal(written, StateBytes(held));
        using var reader = new BinaryReader(new MemoryStream(written));
        held.load_state_dict(reader); // a checkpoint written by TorchSharp's Adam loads
        Assert.Equal(written, StateBytes(held));
    }

    internal static TorchSharp.Modules.Sequential SeededModel()
    {
        manual_seed(11);
        return nn.Sequential(nn.Linear(40, 32), nn.ReLU(), nn.Linear(32, 10));
    }

    internal static (Tensor Inputs, Tensor Targets) Batch()
    {
        manual_seed(12);
        return (randn(16, 40), randn(16, 10));
    }

    internal static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        nn.functional.mse_loss(model.call(inputs), targets).backward();
        optimizer.step();
    }

    private static byte[] StateBytes(TorchSharp.Modules.OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }
        return stream.ToArray();
    }
}
