using Battleship.Gateway.Cluster;
using Battleship.Gateway.Hosting;
using Battleship.Gateway.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayClusterClient();
builder.AddGatewayServices();
builder.AddGatewayTelemetry();

var app = builder.Build();
app.UseGatewayTelemetry();
app.UseGatewayPipeline();
app.MapGatewayEndpoints();
app.Run();
