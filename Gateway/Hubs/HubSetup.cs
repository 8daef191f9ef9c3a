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
        services.Configure<LoggerFilterOptions>(options => options.Rules.Add(QuietDispatcher));
        services.AddSingleton<HubErrorFilter>();
        services.AddSingleton<HubRateLimitFilter>();
        services.AddSingleton<LobbyRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<LobbyRelay>());
        services.AddSingleton<MatchRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<MatchRelay>());
        return services;
    }

    /// <summary>
    /// SignalR's dispatcher logs every failed hub method as an Error with the stack trace, refusals
    /// included (<c>FailedInvokingHubMethod</c>: a shot out of turn became a <c>fail:</c> record).
    /// Every failure passes <see cref="HubErrorFilter"/> first, which logs refusals at Information and
    /// faults as Errors (<see cref="Errors.FailureLog"/>), so the dispatcher's Error records are left
    /// out; its Warnings stay. The rule names the dispatcher's own category, so it wins over
    /// <c>Microsoft.AspNetCore</c> in the configuration; to see its Debug records, configure the same category.
    /// </summary>
    private static readonly LoggerFilterRule QuietDispatcher = new(
        providerName: null,
        categoryName: "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher",
        logLevel: LogLevel.Warning,
        filter: (_, _, level) => level < LogLevel.Error
    );

    public static IEndpointRouteBuilder MapGatewayHubs(this IEndpointRouteBuilder endpoints)
    {
        // A connection lives no longer than its token: the client reconnects with a fresh one.
        endpoints.MapHub<LobbyHub>("/hubs/lobby", options => options.CloseOnAuthenticationExpiration = true);
        endpoints.MapHub<MatchHub>("/hubs/match", options => options.CloseOnAuthenticationExpiration = true);
        return endpoints;
    }
}
