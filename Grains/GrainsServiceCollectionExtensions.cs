using Battleship.Db;
using Battleship.Db.Archive;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>Registers what the game grains need in a silo.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// The game clock (system time unless one is registered first), the options of matches and the
    /// ladder (bound to <c>Battleship:Matches</c> and <c>Battleship:Ladder</c>, validated at start), and the start-up tasks: seeding the built-in agents and, when scheduled ladder games
    /// are on, waking the ladder. The silo must also register an <see cref="IGameArchive"/>.
    /// </summary>
    public static IServiceCollection AddBattleshipGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(new GameClock(TimeProvider.System));
        services.AddOptions<MatchOptions>().BindConfiguration(MatchOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MatchOptions>, MatchOptionsValidator>());
        services.AddOptions<LadderOptions>().BindConfiguration(LadderOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LadderOptions>, LadderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, StorageFaultFilter>());
        services.AddBattleshipExceptionSerialization();
        services.AddTrainingOptions();
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
        services.AddTrainingOptions();
        return services;
    }

    private static void AddTrainingOptions(this IServiceCollection services)
    {
        services.AddOptions<Training.TrainingOptions>().BindConfiguration(Training.TrainingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<Training.TrainingOptions>, Training.TrainingOptionsValidator>()
        );
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
