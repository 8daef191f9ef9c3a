using System.Diagnostics;

namespace Battleship.Cluster.Tests;

/// <summary>Runs the built migrator (<c>Battleship.Db.Migrator.dll</c>) as <c>make migrate</c> does: database from the environment.</summary>
internal static class MigratorProcess
{
    /// <summary>Runs the migrator with <paramref name="arguments"/> against <paramref name="connectionString"/> (null: none configured).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string? connectionString, params string[] arguments)
    {
        var start = new ProcessStartInfo(HostBinaries.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostBinaries.Migrator);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var key in start.Environment.Keys.Where(SiloProcess.IsHostSetting).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["Battleship__Database__Provider"] = "PostgreSql";
        if (connectionString is not null)
        {
            start.Environment["Battleship__Database__ConnectionString"] = connectionString;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The migrator ({string.Join(' ', arguments)}) did not finish in 2 minutes.");
        }
        return (process.ExitCode, await output, await error);
    }
}
