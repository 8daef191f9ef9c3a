using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Battleship.Grains;

/// <summary>Registers what the game grains need in a silo.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>The game clock (system time unless one is registered first) and the options of matches and the ladder.</summary>
    public static IServiceCollection AddBattleshipGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(new GameClock(TimeProvider.System));
        services.AddOptions<MatchOptions>();
        services.AddOptions<LadderOptions>();
        return services;
    }
}
