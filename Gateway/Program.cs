using Battleship.Gateway.Cluster;
using Battleship.Gateway.Hosting;
using Battleship.Gateway.Telemetry;
using Battleship.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBattleshipClusterClient(client => client.UseConnectionRetryFilter<RetryFirstConnection>());
builder.AddGatewayServices();
builder.AddGatewayTelemetry();

var app = builder.Build();
app.UseGatewayTelemetry();
app.UseGatewayPipeline();
app.MapGatewayEndpoints();
app.Run();
