using Battleship.Db;
using Battleship.Db.Archive;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Battleship.Grains;

/// <summary>Registers what the game grains need in a silo.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// The game clock (system time unless one is registered first), the options of matches and the
    /// ladder, and the start-up tasks: seeding the built-in agents and, when scheduled ladder games
    /// are on, waking the ladder. The silo must also register an <see cref="IGameArchive"/>.
    /// </summary>
    public static IServiceCollection AddBattleshipGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(new GameClock(TimeProvider.System));
        services.AddOptions<MatchOptions>();
        services.AddOptions<LadderOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, StorageFaultFilter>());
        services.AddBattleshipExceptionSerialization();
        services.AddOptions<Training.TrainingOptions>().BindConfiguration(Training.TrainingOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, BuiltInAgentSeeder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, ScheduledGamesStarter>());
        return services;
    }

    /// <summary>
    /// What a trainer silo needs for the training grains: the clock and <see cref="Training.TrainingOptions"/>.
    /// The silo must also register an <see cref="IGameArchive"/>, an <see cref="Training.ITrainingBackend"/>
    /// and an <see cref="Training.IPolicyBackend"/>.
    /// </summary>
    public static IServiceCollection AddTrainingGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(new GameClock(TimeProvider.System));
        services.AddOptions<Training.TrainingOptions>().BindConfiguration(Training.TrainingOptions.SectionName);
        return services;
    }

    /// <summary>
    /// The relational archive (EF Core) on <paramref name="provider"/>, as the grains' <see cref="IGameArchive"/>,
    /// warmed up while the silo starts (<see cref="ArchiveWarmup"/>).
    /// </summary>
    public static IServiceCollection AddSqlGameArchive(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddBattleshipArchive(provider, connectionString);
        services.AddOptions<MatchLogOptions>().BindConfiguration(MatchLogOptions.SectionName);
        services.TryAddSingleton<IGameArchive, SqlGameArchive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, ArchiveWarmup>());
        return services;
    }
}
