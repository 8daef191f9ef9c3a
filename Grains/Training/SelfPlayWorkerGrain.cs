using Battleship.Grains.Models;
using Battleship.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Battleship.Grains.Training;

/// <summary>
/// A job's self-play worker (key: job id + index) on a trainer silo, spread over the trainer silos
/// by index. Stateless between calls: every request carries the weights and the seed.
/// </summary>
[TrainerSilosOnly, SpreadByIndexPlacement, Reentrant]
public sealed class SelfPlayWorkerGrain(IServiceProvider services) : Grain, ISelfPlayWorkerGrain
{
    /// <inheritdoc />
    public Task<ExperienceBatch> GenerateAsync(ExperienceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var backend =
            services.GetService<ITrainingBackend>()
            ?? throw new BattleshipException(ErrorCode.Unavailable, "This silo has no trainer; self-play runs on trainer silos.");
        var silo = RuntimeIdentity;
        // CPU-bound: off the grain scheduler so the silo keeps answering while the worker plays.
        return Task.Run(() => backend.GenerateExperience(request, silo));
    }
}

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
        var backend =
            services.GetService<IPolicyBackend>()
            ?? throw new BattleshipException(ErrorCode.Unavailable, "This silo cannot run DQN policies; they run on trainer silos.");
        var checkpoint = this.GetPrimaryKeyString();
        try
        {
            return Task.FromResult(backend.ChooseShot(checkpoint, request));
        }
        catch (ArgumentException e)
        {
            throw new BattleshipException(ErrorCode.NotFound, e.Message);
        }
    }
}
