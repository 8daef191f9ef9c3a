using Battleship.Engine;
using Battleship.Trainer.Dqn;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace Battleship.Benchmarks;

/// <summary>
/// One Adam step over the default network's parameters (5×32), side by side: TorchSharp's own
/// <see cref="TorchSharp.Modules.Adam"/> and the trainer's <see cref="Adam"/>, which holds every Scalar it
/// passes to native code (docs/rl.md). The gradients are computed once; each step applies them.
/// </summary>
public class AdamBenchmarks : IDisposable
{
    private QNetwork _network = null!;
    private TorchSharp.Modules.Adam _torchSharps = null!;
    private Adam _held = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        _network = new QNetwork(GameRules.Standard, DqnConfig.Default);
        _torchSharps = optim.Adam(_network.parameters(), DqnConfig.Default.LearningRate);
        _held = new Adam(_network.parameters(), DqnConfig.Default.LearningRate);
        var inputs = randn(128, _network.InputChannels * _network.Actions);
        _network.call(inputs).square().mean().backward();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _torchSharps?.Dispose();
        _held?.Dispose();
        _network?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>TorchSharp 0.107's Adam step.</summary>
    [Benchmark(Baseline = true)]
    public void TorchSharpAdamStep() => _torchSharps.step();

    /// <summary>The same step with its Scalars held.</summary>
    [Benchmark]
    public void HeldScalarAdamStep() => _held.step();
}
