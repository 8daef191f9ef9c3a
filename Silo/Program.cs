using Battleship.ServiceDefaults;
using Battleship.Silo;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

// appsettings.json is read from beside the assembly, wherever the silo is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddBattleshipSilo();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSiloDashboard();
app.Run();
return 0;
