using System.Text.Json.Serialization;
using Battleship.Db.Archive;
using Battleship.Gateway.Apis;
using Battleship.Gateway.Errors;
using Battleship.Gateway.Hubs;
using Battleship.Hosting;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Hosting;

/// <summary>Everything the gateway registers and maps; <c>Program.cs</c> calls these and nothing else.</summary>
internal static class GatewayHostingExtensions
{
    /// <summary>Registers the gateway's services: errors, JSON, grain calls, the archive reader, health, OpenAPI, authentication, rate limits, CORS, the ladder cache, hubs.</summary>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddGatewayProblemDetails();
        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayClock>();
        services.AddOptions<GrainRetryOptions>().BindConfiguration(GrainRetryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GrainRetryOptions>, GrainRetryOptionsValidator>();
        services.AddSingleton<GrainClient>();

        var database = BattleshipSettings.ReadDatabase(builder.Configuration);
        services.AddBattleshipArchive(database.Provider, database.ConnectionString);
        services.AddGatewayHealthChecks();
        services.AddGatewayOpenApi();
        builder.AddGatewayAuthentication();
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddHybridCache();
        services.AddSingleton<LadderCache>();
        services.AddGatewayRateLimiting();
        services.AddGatewayCors(builder.Configuration);
        services.AddGatewayHubs(builder.Configuration);
        return builder;
    }

    /// <summary>The middleware, in order: errors, body limit, CORS, authentication, rate limits, authorization.</summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Maps every endpoint: status and health, the OpenAPI document and reference, sign-in, the REST API and the hubs.</summary>
    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapStatusEndpoints();
        endpoints.MapGatewayOpenApi();
        endpoints.MapAuthApi();
        endpoints.MapMeApi();
        endpoints.MapUsersApi();
        endpoints.MapRoomsApi();
        endpoints.MapMatchesApi();
        endpoints.MapLiveApi();
        endpoints.MapAgentsApi();
        endpoints.MapLadderApi();
        endpoints.MapTrainingJobsApi();
        endpoints.MapGatewayHubs();
        return endpoints;
    }

    /// <summary>The JSON conventions of the REST API and the hubs: camelCase, enums as names.</summary>
    public static void ConfigureJson(System.Text.Json.JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
    }
}
