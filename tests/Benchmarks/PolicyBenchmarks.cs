using Battleship.Engine;
using Battleship.Engine.Policies;
using BenchmarkDotNet.Attributes;

namespace Battleship.Benchmarks;

/// <summary>
/// The time a policy takes to choose one shot, on realistic positions: 32 views per
/// <see cref="DecisionStage"/>, each captured from a different seeded game played by the
/// probability-density policy. One operation is one decision (the mean over the 32 views).
/// </summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private const int Views = 32;

    private TargetView[] _views = [];
    private Rng _rng;

    /// <summary>The stage of the game the views come from.</summary>
    [ParamsAllValues]
    public DecisionStage Stage { get; set; }

    /// <summary>Plays the seeded games and captures the views of <see cref="Stage"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _views = Fixtures.Views(GameRules.Standard, Stage, Views, Fixtures.Seed);
        _rng = new Rng(Fixtures.Seed);
    }

    /// <summary><see cref="ShotPolicies.ProbabilityDensity"/>: one decision.</summary>
    [Benchmark(OperationsPerInvoke = Views)]
    public int Density() => SelectAll(ShotPolicies.ProbabilityDensity);

    /// <summary><see cref="ShotPolicies.Posterior"/> (1,000 sampled fleets, no time budget): one decision.</summary>
    [Benchmark(OperationsPerInvoke = Views)]
    public int Posterior() => SelectAll(ShotPolicies.Posterior);

    /// <summary><see cref="ShotPolicies.ParityHuntTarget"/>: one decision.</summary>
    [Benchmark(OperationsPerInvoke = Views)]
    public int Parity() => SelectAll(ShotPolicies.ParityHuntTarget);

    /// <summary><see cref="ShotPolicies.HuntTarget"/>: one decision.</summary>
    [Benchmark(OperationsPerInvoke = Views)]
    public int Hunt() => SelectAll(ShotPolicies.HuntTarget);

    private int SelectAll(IShotPolicy policy)
    {
        var sum = 0;
        foreach (ref readonly var view in _views.AsSpan())
        {
            sum += policy.SelectShot(view, ref _rng);
        }
        return sum;
    }
}
