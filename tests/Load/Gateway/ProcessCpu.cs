using System.Diagnostics;
using System.Globalization;

namespace Battleship.Load.Gateway;

/// <summary>
/// CPU time of processes on this machine, read from <c>/proc</c>: the load generator itself, the
/// processes named with <c>--process name=pid</c> (a local gateway and silos), and every local
/// PostgreSQL process together. Elsewhere than Linux only the generator's own is known.
/// </summary>
internal sealed class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private const string PostgresPrefix = "postgres:";
    private const string Postgres = "postgres (local processes that lived through the window)";
    private readonly IReadOnlyDictionary<string, int> _watched;
    private Dictionary<string, double> _start = [];
    private long _startedAt;

    public ProcessCpu(IReadOnlyDictionary<string, int> watched) => _watched = watched;

    public void Start()
    {
        _start = Read();
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>CPU seconds used by each since <see cref="Start"/>, and the wall seconds.</summary>
    public CpuUse Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var end = Read();
        var used = end.Where(e => !e.Key.StartsWith(PostgresPrefix, StringComparison.Ordinal) && _start.ContainsKey(e.Key))
            .ToDictionary(e => e.Key, e => Math.Round(e.Value - _start[e.Key], 2), StringComparer.Ordinal);
        var postgres = end.Where(e => e.Key.StartsWith(PostgresPrefix, StringComparison.Ordinal))
            .Sum(e => e.Value - _start.GetValueOrDefault(e.Key));
        if (end.Keys.Any(k => k.StartsWith(PostgresPrefix, StringComparison.Ordinal)))
        {
            used[Postgres] = Math.Round(postgres, 2);
        }
        return new CpuUse(Math.Round(wall, 2), used);
    }

    private Dictionary<string, double> Read()
    {
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["load-generator"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        };
        foreach (var (name, pid) in _watched)
        {
            if (Stat(pid) is { } seconds)
            {
                cpu[name] = seconds;
            }
        }
        if (Directory.Exists("/proc"))
        {
            // Every PostgreSQL process by pid: one that starts during the window counts from zero.
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && Comm(pid) == "postgres" && Stat(pid) is { } seconds)
                {
                    cpu[PostgresPrefix + pid.ToString(CultureInfo.InvariantCulture)] = seconds;
                }
            }
        }
        return cpu;
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime of a process in seconds (fields 14 and 15 of /proc/pid/stat).</summary>
    private static double? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture))
                / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>CPU seconds by process over a wall time.</summary>
/// <param name="WallSeconds">The wall time.</param>
/// <param name="CpuSeconds">CPU seconds by process.</param>
public sealed record CpuUse(double WallSeconds, IReadOnlyDictionary<string, double> CpuSeconds);
