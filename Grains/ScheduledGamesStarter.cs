using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>
/// When <see cref="LadderOptions.ScheduledGames"/> is on, wakes the ladder as the silo becomes
/// active: the ladder registers its scheduled-game reminder on activation, and without a first
/// call nothing would activate it. When the option is off it does nothing (and registers nothing).
/// </summary>
public sealed class ScheduledGamesStarter(IGrainFactory grains, IOptions<LadderOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        if (options.Value.ScheduledGames)
        {
            lifecycle.Subscribe(nameof(ScheduledGamesStarter), ServiceLifecycleStage.Active, WakeLadderAsync);
        }
    }

    private Task WakeLadderAsync(CancellationToken cancellationToken) => grains.GetGrain<ILadderGrain>(ILadderGrain.Key).WakeAsync();
}
