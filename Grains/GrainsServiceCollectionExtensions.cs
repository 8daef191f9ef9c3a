using Battleship.Grains.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>Registers what the game grains need in a silo.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// The game clock (system time unless one is registered first), the options of matches and the
    /// ladder and of its ratings (bound to <c>Battleship:Matches</c> and <c>Battleship:Ladder</c>, validated at start), and the
    /// start-up tasks: seeding the built-in agents, when scheduled ladder games are on waking the ladder, and warming up the
    /// database (<see cref="ArchiveWarmup"/>). The silo must also register the persistence ports (<see cref="IGameArchive"/>,
    /// <see cref="IMatchLogStore"/>, <see cref="IStorageHealth"/>; <c>AddSqlGameArchive</c> of <c>Battleship.Db</c> does).
    /// </summary>
    public static IServiceCollection AddBattleshipGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(new GameClock(TimeProvider.System));
        services.AddOptions<MatchOptions>().BindConfiguration(MatchOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MatchOptions>, MatchOptionsValidator>());
        services.AddOptions<LadderOptions>().BindConfiguration(LadderOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LadderOptions>, LadderOptionsValidator>());
        services.AddOptions<RatingOptions>().BindConfiguration(RatingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RatingOptions>, RatingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, StorageFaultFilter>());
        services.AddBattleshipExceptionSerialization();
        services.AddTrainingOptions();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, BuiltInAgentSeeder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, ScheduledGamesStarter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, ArchiveWarmup>());
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, ArchiveWarmup>());
        return services;
    }

    private static void AddTrainingOptions(this IServiceCollection services)
    {
        services.AddOptions<Training.TrainingOptions>().BindConfiguration(Training.TrainingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<Training.TrainingOptions>, Training.TrainingOptionsValidator>()
        );
    }
}
