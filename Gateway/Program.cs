using Battleship.Gateway.Apis;
using Battleship.Gateway.Cluster;
using Battleship.Gateway.Hosting;
using Battleship.Gateway.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayClusterClient();
builder.AddGatewayServices();
builder.AddClientHosting();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapGatewayEndpoints();
app.MapClientConfigApi();
app.MapClientFallback();
app.Run();
