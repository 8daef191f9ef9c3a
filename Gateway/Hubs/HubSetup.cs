using Battleship.Gateway.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Battleship.Gateway.Hubs;

/// <summary>The SignalR hubs, their JSON, limits and error filter, and the relays that feed them.</summary>
internal static class HubSetup
{
    public static IServiceCollection AddGatewayHubs(this IServiceCollection services, IConfiguration configuration)
    {
        var limit = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>()?.MaxHubMessageBytes ?? 32 * 1024;
        services
            .AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = limit;
                options.EnableDetailedErrors = false;
                options.AddFilter<HubErrorFilter>();
                options.AddFilter<HubRateLimitFilter>();
            })
            .AddJsonProtocol(options => GatewayHostingExtensions.ConfigureJson(options.PayloadSerializerOptions));
        services.AddSingleton<HubErrorFilter>();
        services.AddSingleton<HubRateLimitFilter>();
        services.AddSingleton<LobbyRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<LobbyRelay>());
        services.AddSingleton<MatchRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<MatchRelay>());
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayHubs(this IEndpointRouteBuilder endpoints)
    {
        // A connection lives no longer than its token: the client reconnects with a fresh one.
        endpoints.MapHub<LobbyHub>("/hubs/lobby", options => options.CloseOnAuthenticationExpiration = true);
        endpoints.MapHub<MatchHub>("/hubs/match", options => options.CloseOnAuthenticationExpiration = true);
        return endpoints;
    }
}
