using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway's real <c>Program</c> in a test server. Unless <paramref name="client"/> is null,
/// its own Orleans client (ADO.NET clustering) is taken out and the test cluster's client put in
/// its place; everything else is as in production, configured through the same keys, unless
/// <paramref name="services"/> changes it (for a test that must hold the gateway at a given point).
/// </summary>
public sealed class GatewayFactory(
    IClusterClient? client,
    string connectionString,
    IReadOnlyDictionary<string, string?> settings,
    string environment,
    Action<IServiceCollection>? services = null
) : WebApplicationFactory<Program>
{
    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        var all = new Dictionary<string, string?>(TestGateway.Settings(connectionString))
        {
            ["RateLimiting:HubPerUser:PermitLimit"] = "100000",
            ["RateLimiting:HubPerIp:PermitLimit"] = "100000",
            ["Cors:AllowedOrigins:0"] = "https://app.battleship.test",
            // No web client unless a test names one: whether Client/dist was built must not change the answers.
            ["Client:RootPath"] = Path.Combine(AppContext.BaseDirectory, "no-client-bundle"),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
        if (client is null)
        {
            return; // the gateway's own ADO.NET-clustered client
        }
        builder.ConfigureTestServices(s =>
        {
            RemoveOrleans(s);
            s.AddSingleton(client);
            s.AddSingleton<IGrainFactory>(client);
        });
    }

    private static void RemoveOrleans(IServiceCollection services)
    {
        var orleans = services.Where(IsOrleans).ToList();
        foreach (var descriptor in orleans)
        {
            services.Remove(descriptor);
        }
    }

    private static bool IsOrleans(ServiceDescriptor d)
    {
        Type?[] types = d.IsKeyedService
            ?
            [
                d.ServiceType,
                d.KeyedImplementationType,
                d.KeyedImplementationInstance?.GetType(),
                d.KeyedImplementationFactory?.Method.DeclaringType,
            ]
            : [d.ServiceType, d.ImplementationType, d.ImplementationInstance?.GetType(), d.ImplementationFactory?.Method.DeclaringType];
        return types.Any(t => t?.Assembly.GetName().Name?.StartsWith("Orleans", StringComparison.Ordinal) == true);
    }
}
