using Battleship.Trainer;

return TrainerCommandLine.Build().Parse(args).Invoke();
