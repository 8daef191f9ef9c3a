using Battleship.Engine;
using Battleship.Trainer.Dqn;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace Battleship.Benchmarks;

/// <summary>
/// The DQN trainer's two hot loops at the default configuration (network 5×32, 128 environments,
/// batch 128): a self-play vector step (one batched forward pass choosing 128 epsilon-greedy actions,
/// 128 environment steps, 128 transitions into the replay buffer) and a learner update (sample 128
/// transitions, forward, Huber loss, backward, clip, Adam step), each with 1 and 2 torch threads.
/// </summary>
/// <remarks>
/// TorchSharp needs the compatible dotnet on older hosts: run through <c>make bench-rl</c>, which
/// puts it first on PATH for BenchmarkDotNet's child processes. <see cref="SelfPlayStep"/> reports
/// per environment step (OperationsPerInvoke = environments).
/// </remarks>
public class RlBenchmarks : IDisposable
{
    private const int Environments = 128;

    private DqnLearner _learner = null!;
    private SelfPlayWorker _worker = null!;
    private ReplayBuffer _buffer = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds the default networks and fills the buffer with 40 vector steps of self-play.</summary>
    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        var config = DqnConfig.Default with { Environments = Environments, Threads = Threads };
        _learner = new DqnLearner(GameRules.Standard, config);
        _worker = new SelfPlayWorker(GameRules.Standard, config, _learner.Online, seed: 1);
        _buffer = new ReplayBuffer(config.ReplayCapacity, _worker.ObservationSize);
        for (var i = 0; i < 40; i++)
        {
            _worker.Step(0.5, _buffer);
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _learner?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One vector step of self-play with batched inference, per environment step.</summary>
    [Benchmark(OperationsPerInvoke = Environments)]
    public void SelfPlayStep() => _worker.Step(0.05, _buffer);

    /// <summary>One learner update at the default batch size (128).</summary>
    [Benchmark]
    public double LearnerUpdate() => _learner.TrainStep(_buffer);
}
