using Battleship.Grains.Models;
using Battleship.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Battleship.Grains.Training;

/// <summary>
/// A trained policy (key: its checkpoint's name) on a trainer silo: answers the shot requests of
/// DQN agents. Decisions are pure functions of the request, so calls interleave.
/// </summary>
[TrainerSilosOnly, Reentrant]
public sealed class PolicyGrain(IServiceProvider services) : Grain, IPolicyGrain
{
    /// <inheritdoc />
    public Task<int> ChooseShotAsync(AgentShotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(backend => backend.ChooseShot(this.GetPrimaryKeyString(), request)));
    }

    /// <inheritdoc />
    public Task<ShotAnalysis> AnalyzeAsync(AgentShotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(backend => backend.Analyze(this.GetPrimaryKeyString(), request)));
    }

    private T Run<T>(Func<IPolicyBackend, T> decide)
    {
        var backend =
            services.GetService<IPolicyBackend>()
            ?? throw new BattleshipException(ErrorCode.Unavailable, "This silo cannot run DQN policies; they run on trainer silos.");
        try
        {
            return decide(backend);
        }
        catch (ArgumentException e)
        {
            throw new BattleshipException(ErrorCode.NotFound, e.Message);
        }
    }
}
