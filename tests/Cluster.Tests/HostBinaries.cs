using System.Reflection;
using System.Runtime.InteropServices;

namespace Battleship.Cluster.Tests;

/// <summary>Where the built silo and migrator are, and the <c>dotnet</c> that runs them.</summary>
internal static class HostBinaries
{
    /// <summary>The silo's assembly (<c>Battleship.Silo.dll</c>) of the configuration the tests were built in.</summary>
    public static string Silo => Find("Battleship.Silo");

    /// <summary>The migrator's assembly (<c>Battleship.Db.Migrator.dll</c>).</summary>
    public static string Migrator => Find("Battleship.Db.Migrator");

    /// <summary>The <c>dotnet</c> of the runtime that runs the tests (the same install runs the hosts).</summary>
    public static string Dotnet { get; } = FindDotnet();

    /// <summary>The repository's <c>artifacts/</c> folder (created), or a temporary folder outside a checkout.</summary>
    public static string Artifacts { get; } = FindArtifacts();

    private static string Find(string assemblyName)
    {
        var path = typeof(HostBinaries)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == $"HostPath:{assemblyName}")
            ?.Value;
        if (path is null || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{assemblyName}.dll was not found at '{path}'. Build the solution (or this test project) in the same configuration first."
            );
        }
        return path;
    }

    private static string FindDotnet()
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(dotnet) ? dotnet : "dotnet";
    }

    private static string FindArtifacts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Battleship.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts")).FullName;
            }
        }
        return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "battleship-artifacts")).FullName;
    }
}
