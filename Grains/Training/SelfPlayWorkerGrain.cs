using Battleship.Grains.Models;
using Battleship.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Grains.Training;

/// <summary>
/// A job's self-play worker (key: job id + index) on a trainer silo, spread over the trainer silos
/// by index. Its environments live with the activation (episodes run across requests); every
/// request carries the current weights.
/// </summary>
[TrainerSilosOnly, SpreadByIndexPlacement]
public sealed class SelfPlayWorkerGrain(IServiceProvider services) : Grain, ISelfPlayWorkerGrain
{
    private ISelfPlaySession? _session;
    private string? _sessionConfig;

    /// <inheritdoc />
    public async Task<ExperienceBatch> GenerateAsync(ExperienceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_session is null || _sessionConfig != request.ConfigJson)
        {
            var backend =
                services.GetService<ITrainingBackend>()
                ?? throw new BattleshipException(ErrorCode.Unavailable, "This silo has no trainer; self-play runs on trainer silos.");
            _session?.Dispose();
            _session = backend.StartSelfPlay(request.ConfigJson, request.Seed);
            _sessionConfig = request.ConfigJson;
        }
        var session = _session;
        var silo = RuntimeIdentity;
        // CPU-bound: off the grain scheduler so the silo keeps answering while the worker plays.
        return await Task.Run(() => session.Play(request.Weights, request.Epsilon, request.Steps, silo));
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _session?.Dispose();
        _session = null;
        return Task.CompletedTask;
    }
}
