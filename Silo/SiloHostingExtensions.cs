using Battleship.Db.Archive;
using Battleship.Grains;
using Battleship.Hosting;
using Orleans.Dashboard;

namespace Battleship.Silo;

/// <summary>What a game silo runs, from configuration; see docs/cluster.md for every key.</summary>
public static class SiloHostingExtensions
{
    /// <summary>The web address when neither <c>Battleship:Silo:WebUrl</c> nor ASP.NET Core's <c>urls</c> is set: loopback only.</summary>
    public const string DefaultWebUrl = "http://127.0.0.1:8080";

    /// <summary>Where the Orleans dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>The setting for how often (milliseconds, at least 1,000) the dashboard samples each silo's counters.</summary>
    public const string DashboardIntervalKey = "Battleship:Dashboard:CounterUpdateIntervalMs";

    /// <summary>The dashboard's counter sampling period unless <see cref="DashboardIntervalKey"/> says otherwise.</summary>
    public const int DefaultDashboardCounterInterval = 10_000;

    /// <summary>
    /// The game grains with the SQL archive on the cluster's database, the Orleans cluster
    /// (<see cref="ClusterHostingExtensions.AddBattleshipCluster{TBuilder}"/>), the dashboard's
    /// silo side unless <c>Battleship:Dashboard:Enabled</c> is false, and the web address.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddBattleshipSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            var url = builder.Configuration["Battleship:Silo:WebUrl"];
            builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(url) ? DefaultWebUrl : url);
        }
        var dashboard = DashboardEnabled(builder.Configuration);
        builder.AddBattleshipCluster(
            (silo, settings) =>
            {
                silo.Services.AddBattleshipGrains();
                silo.Services.AddSqlGameArchive(settings.Database.Provider, settings.Database.ConnectionString);
                if (dashboard)
                {
                    // The dashboard samples every silo's counters into its grain on a timer: once a
                    // second by default, a fifth of an idle silo's CPU here; every 10 s unless set.
                    var interval = builder.Configuration.GetValue(DashboardIntervalKey, DefaultDashboardCounterInterval);
                    silo.AddDashboard(o => o.CounterUpdateIntervalMs = interval);
                }
            }
        );
        return builder;
    }

    /// <summary>
    /// Serves the Orleans dashboard at <see cref="DashboardPath"/> when it is enabled. It has no
    /// authorization yet: keep the silo's web address on loopback (the default) until the gateway's
    /// authentication arrives.
    /// </summary>
    /// <param name="app">The web application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapSiloDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (DashboardEnabled(app.Configuration))
        {
            app.MapOrleansDashboard(DashboardPath);
            app.MapGet("/", () => Results.Redirect(DashboardPath)).ExcludeFromDescription();
        }
        return app;
    }

    private static bool DashboardEnabled(IConfiguration configuration) => configuration.GetValue("Battleship:Dashboard:Enabled", true);
}
