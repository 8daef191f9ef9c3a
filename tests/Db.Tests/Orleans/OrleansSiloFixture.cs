using Battleship.Db.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Battleship.Db.Tests.Orleans;

/// <summary>
/// One fresh PostgreSQL database with the Orleans schema applied, and one running silo that uses it
/// for membership, grain state and reminders. Shared by the tests of <see cref="SharedOrleansSilo"/>.
/// </summary>
public sealed class OrleansSiloFixture : IAsyncLifetime
{
    /// <summary>The grain storage that keeps cleared rows (DeleteStateOnClear = false).</summary>
    public const string StorageName = "battleship";

    /// <summary>The grain storage that deletes rows on clear (DeleteStateOnClear = true).</summary>
    public const string DeleteOnClearStorageName = "battleship-delete-on-clear";

    /// <summary>The database the silo uses.</summary>
    public PostgresDatabase Database { get; } = new();

    /// <summary>This silo's cluster id (the <c>@DeploymentId</c> of the membership queries).</summary>
    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    /// <summary>This silo's service id (part of every grain state and reminder key).</summary>
    public string ServiceId { get; } = $"service-{Guid.NewGuid():N}";

    public IHost Silo { get; private set; } = null!;

    /// <summary>Grain references, called from inside the silo process.</summary>
    public IGrainFactory Grains => Silo.Services.GetRequiredService<IGrainFactory>();

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await OrleansSchema.ApplyAsync(DatabaseProvider.PostgreSql, Database.ConnectionString);
        Silo = OrleansTestHosts.CreateSilo(Database.ConnectionString, ClusterId, ServiceId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Silo.StartAsync(timeout.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Silo is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Silo.StopAsync(timeout.Token);
            Silo.Dispose();
        }

        await Database.DisposeAsync();
    }
}

/// <summary>The tests that share one <see cref="OrleansSiloFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SharedOrleansSilo : ICollectionFixture<OrleansSiloFixture>
{
    public const string Name = "Orleans silo on PostgreSQL";
}
