using Battleship.Grains.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Battleship.Db.Archive;

/// <summary>Registers the archive with a host.</summary>
public static class ArchiveServiceCollectionExtensions
{
    /// <summary>
    /// Registers a pooled context factory for <paramref name="provider"/> (exposed as
    /// <c>IDbContextFactory&lt;ArchiveDbContext&gt;</c>), the stores (<see cref="UserStore"/>,
    /// <see cref="AgentStore"/>, <see cref="RoomStore"/>, <see cref="MatchStore"/>,
    /// <see cref="RatingStore"/>, <see cref="TrainingJobStore"/>, sharing one <see cref="ArchiveWriter"/>),
    /// the match log (<see cref="IMatchLogStore"/>) and <see cref="ArchiveMigrator"/>, all singletons. The host reads the provider and the connection
    /// string from its configuration (<see cref="DatabaseProviders.Parse"/> reads the provider's name).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="provider">The engine.</param>
    /// <param name="connectionString">The archive's connection string.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddBattleshipArchive(
        this IServiceCollection services,
        DatabaseProvider provider,
        string connectionString
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                services.AddPooledDbContextFactory<PostgreSqlArchiveDbContext>(options =>
                    ArchiveDatabase.Configure(options, provider, connectionString)
                );
                services.TryAddSingleton<IDbContextFactory<ArchiveDbContext>, ArchiveDbContextFactory<PostgreSqlArchiveDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddPooledDbContextFactory<SqlServerArchiveDbContext>(options =>
                    ArchiveDatabase.Configure(options, provider, connectionString)
                );
                services.TryAddSingleton<IDbContextFactory<ArchiveDbContext>, ArchiveDbContextFactory<SqlServerArchiveDbContext>>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown archive provider.");
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ArchiveWriter>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<AgentStore>();
        services.TryAddSingleton<RoomStore>();
        services.TryAddSingleton<MatchStore>();
        services.TryAddSingleton<RatingStore>();
        services.TryAddSingleton<TrainingJobStore>();
        services.AddOptions<MatchLogOptions>();
        services.TryAddSingleton<IMatchLogStore, MatchLogStore>();
        services.TryAddSingleton<ArchiveMigrator>();
        return services;
    }

    /// <summary>
    /// The archive on <paramref name="provider"/> (<see cref="AddBattleshipArchive"/>) as the grains'
    /// persistence ports: <see cref="IGameArchive"/>, <see cref="IMatchLogStore"/> (grouping as
    /// configured in <see cref="MatchLogOptions.SectionName"/>) and <see cref="IStorageHealth"/>.
    /// A silo host calls this next to <c>AddBattleshipGrains</c> or <c>AddTrainingGrains</c>.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="provider">The engine.</param>
    /// <param name="connectionString">The archive's connection string.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddSqlGameArchive(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddBattleshipArchive(provider, connectionString);
        services.AddOptions<MatchLogOptions>().BindConfiguration(MatchLogOptions.SectionName);
        services.TryAddSingleton<IGameArchive, SqlGameArchive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageHealth, ArchiveStorageHealth>());
        return services;
    }
}

/// <summary>Hands out the engine's derived context as the model's base type.</summary>
/// <typeparam name="TContext">The engine's context.</typeparam>
/// <param name="inner">The pooled factory of <typeparamref name="TContext"/>.</param>
internal sealed class ArchiveDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ArchiveDbContext>
    where TContext : ArchiveDbContext
{
    /// <inheritdoc />
    public ArchiveDbContext CreateDbContext() => inner.CreateDbContext();

    /// <inheritdoc />
    public async Task<ArchiveDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
