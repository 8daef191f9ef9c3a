using Battleship.Db.Migrator;
using Microsoft.Extensions.Configuration;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
return await MigratorCommandLine.Build(configuration).Parse(args).InvokeAsync();
