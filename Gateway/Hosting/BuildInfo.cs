using System.Reflection;

namespace Battleship.Gateway.Hosting;

/// <summary>What was built: the version, the commit (from the SDK's source-control information) and when.</summary>
internal sealed record BuildInfo(string Version, string Commit, DateTimeOffset BuildTime)
{
    /// <summary>Read from the gateway assembly: its informational version is <c>version+commit</c> when built from a git checkout.</summary>
    public static BuildInfo Current { get; } = Read(typeof(BuildInfo).Assembly);

    private static BuildInfo Read(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
        // Builds are deterministic, so the assembly carries no time stamp: the file's write time is the build time.
        var buildTime = string.IsNullOrEmpty(assembly.Location)
            ? DateTimeOffset.UnixEpoch
            : new DateTimeOffset(File.GetLastWriteTimeUtc(assembly.Location), TimeSpan.Zero);
        return new BuildInfo(version, commit, buildTime);
    }
}
