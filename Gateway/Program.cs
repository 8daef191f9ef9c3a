using Battleship.Gateway.Apis;
using Battleship.Gateway.Hosting;
using Battleship.Gateway.Hubs;
using Battleship.Gateway.Telemetry;
using Battleship.Gateway.Web;
using Battleship.Hosting;
using Battleship.ServiceDefaults;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBattleshipClusterClient(client =>
    client
        .UseConnectionRetryFilter<RetryFirstConnection>()
        .AddGatewayCountChangedHandler(services =>
            (_, _) =>
            {
                _ = services.GetRequiredService<MatchRelay>().RenewNowAsync();
                _ = services.GetRequiredService<LobbyRelay>().RenewNowAsync();
            }
        )
);
builder.AddGatewayServices();
builder.AddGatewayTelemetry();
builder.AddClientHosting();

var app = builder.Build();
app.UseGatewayTelemetry();
app.UseGatewayPipeline();
app.MapGatewayEndpoints();
app.MapClientConfigApi();
app.MapClientFallback();
app.Run();
return 0;
