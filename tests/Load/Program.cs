using Battleship.Load;

return await LoadCommandLine.Build().Parse(args).InvokeAsync();
