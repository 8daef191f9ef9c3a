using Battleship.Gateway.Cluster;
using Battleship.Gateway.Hosting;
using Battleship.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBattleshipClusterClient(client => client.UseConnectionRetryFilter<RetryFirstConnection>());
builder.AddGatewayServices();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapGatewayEndpoints();
app.Run();
