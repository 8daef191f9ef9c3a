using System.CommandLine;
using Battleship.Db.Archive;
using Battleship.Grains;
using Battleship.Grains.Training;
using Battleship.Hosting;
using Battleship.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Battleship.Trainer.Cluster;

/// <summary>
/// A trainer silo: a member of the game's cluster whose metadata says <c>role=trainer</c>, hosting
/// only the training grains (jobs, self-play workers, DQN policies) with the <see cref="DqnBackend"/>.
/// The game grains are taken out of its grain types, so matches never land here either.
/// </summary>
public static class TrainerSiloHosting
{
    /// <summary>The web address (health, readiness) when neither <c>Battleship:Silo:WebUrl</c> nor <c>urls</c> is set.</summary>
    public const string DefaultWebUrl = "http://127.0.0.1:8090";

    /// <summary>The <c>silo</c> command: runs a trainer silo until stopped (configuration from the environment, as for game silos).</summary>
    public static Command CreateCommand()
    {
        var command = new Command(
            "silo",
            "Run a trainer silo of the cluster (settings as for game silos: Battleship__Database__ConnectionString, Battleship__Silo__*)."
        );
        command.SetAction(
            async (_, cancellationToken) =>
            {
                var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
                builder.AddServiceDefaults();
                builder.AddTrainerSilo();
                await using var app = builder.Build();
                app.MapDefaultEndpoints();
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
        );
        return command;
    }

    /// <summary>Makes the host a trainer silo.</summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddTrainerSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Battleship:Silo:Role"] = nameof(SiloRole.Trainer) }
        );
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            var url = builder.Configuration["Battleship:Silo:WebUrl"];
            builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(url) ? DefaultWebUrl : url);
        }
        builder.AddBattleshipCluster(
            (silo, settings) =>
            {
                silo.Services.AddTrainingGrains();
                silo.Services.AddSqlGameArchive(settings.Database.Provider, settings.Database.ConnectionString);
                silo.Services.AddSingleton<DqnBackend>();
                silo.Services.AddSingleton<ITrainingBackend>(sp => sp.GetRequiredService<DqnBackend>());
                silo.Services.AddSingleton<IPolicyBackend>(sp => sp.GetRequiredService<DqnBackend>());
                silo.Services.Configure<GrainTypeOptions>(options => options.Classes.RemoveWhere(IsGameGrain));
            }
        );
        return builder;
    }

    private static bool IsGameGrain(Type type) =>
        type.Assembly == typeof(AgentGrain).Assembly && type.Namespace != typeof(TrainingJobGrain).Namespace;
}
