using Battleship.Gateway.Cluster;
using Battleship.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayClusterClient();
builder.AddGatewayServices();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapGatewayEndpoints();
app.Run();
