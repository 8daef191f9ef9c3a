using System.Diagnostics;
using System.Globalization;

namespace Battleship.Cluster.Tests;

/// <summary>
/// One silo: the built <c>Battleship.Silo.dll</c> in a process of its own, configured only through
/// environment variables, its output copied line by line to a log file. <see cref="Start"/> makes one;
/// disposing kills it.
/// </summary>
internal sealed class SiloProcess(
    Process process,
    StreamWriter log,
    string name,
    int siloPort,
    int gatewayPort,
    int webPort,
    string logPath
) : IAsyncDisposable
{
    /// <summary>The environment variables that tune membership (<c>Battleship__Cluster__Membership__ProbeTimeout</c>, ...).</summary>
    public const string MembershipOverridePrefix = "Battleship__Cluster__Membership__";

    private readonly Lock _logLock = new();
    private readonly Queue<string> _tail = new();

    /// <summary>A short name for messages (<c>silo-0</c>, ...).</summary>
    public string Name { get; } = name;

    /// <summary>The silo-to-silo port: also the port of its <see cref="SiloAddress"/>.</summary>
    public int SiloPort { get; } = siloPort;

    public int GatewayPort { get; } = gatewayPort;

    /// <summary>The web port (health, dashboard).</summary>
    public int WebPort { get; } = webPort;

    public Uri WebUrl => new($"http://127.0.0.1:{WebPort}");

    /// <summary>Where its standard output and error go.</summary>
    public string LogPath { get; } = logPath;

    public int ProcessId => process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Starts a silo on free loopback ports.</summary>
    /// <param name="name">Its name in messages and in the log file's name.</param>
    /// <param name="logFolder">Where the log file goes.</param>
    /// <param name="environment">The cluster's settings (database, cluster and service ids).</param>
    /// <returns>The running process (not necessarily active in the cluster yet).</returns>
    public static SiloProcess Start(string name, string logFolder, IReadOnlyDictionary<string, string> environment)
    {
        var (siloPort, gatewayPort, webPort) = (TestHosts.FreePort(), TestHosts.FreePort(), TestHosts.FreePort());
        var start = new ProcessStartInfo(HostBinaries.Dotnet)
        {
            ArgumentList = { HostBinaries.Silo },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostBinaries.Silo)!,
        };
        // Nothing from the test's own environment may steer the silo: only what is set here.
        foreach (var key in start.Environment.Keys.Where(IsHostSetting).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["Battleship__Silo__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Battleship__Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Battleship__Silo__WebUrl"] = $"http://127.0.0.1:{webPort}";

        var logPath = Path.Combine(logFolder, $"{name}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        log.WriteLine($"# {name}: silo port {siloPort}, gateway port {gatewayPort}, web port {webPort}");
        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, log, name, siloPort, gatewayPort, webPort, logPath);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until the process has ended and all its output is in the log.</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken) => await process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the process at once (SIGKILL): no goodbye to the cluster, like a crashed machine.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        process.WaitForExit(10_000);
    }

    /// <summary>Asks the silo to stop (SIGTERM) and waits; kills it when it takes longer than <paramref name="timeout"/>.</summary>
    /// <returns>Whether it stopped by itself in time.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (process.HasExited)
        {
            return true;
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return false;
        }
    }

    /// <summary>The last lines the silo printed (for failure messages).</summary>
    public string Tail()
    {
        lock (_logLock)
        {
            return $"--- last lines of {Name} ({LogPath}) ---\n" + string.Join('\n', _tail);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        process.WaitForExit(); // drains the output handlers
        lock (_logLock)
        {
            log.WriteLine($"# {Name} ended{(process.HasExited ? $" with exit code {process.ExitCode}" : "")}");
            log.Dispose();
        }
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
            log.WriteLine(line);
        }
    }

    /// <summary>
    /// Whether an environment variable configures a Battleship host and so must not leak from the
    /// test's environment. Membership overrides (<see cref="MembershipOverridePrefix"/>) do pass
    /// through, to measure failover with other settings.
    /// </summary>
    public static bool IsHostSetting(string key) =>
        (
            key.StartsWith("Battleship__", StringComparison.OrdinalIgnoreCase)
            && !key.StartsWith(MembershipOverridePrefix, StringComparison.OrdinalIgnoreCase)
        )
        || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || key.Equals("DOTNET_URLS", StringComparison.OrdinalIgnoreCase);
}
