using Battleship.ServiceDefaults;
using Battleship.Trainer;

return HealthProbe.IsRequested(args) ? await HealthProbe.RunAsync(args) : TrainerCommandLine.Build().Parse(args).Invoke();
