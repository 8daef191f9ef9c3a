using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.CsProj;
using BenchmarkDotNet.Toolchains.DotNetCli;

namespace Battleship.Benchmarks;

/// <summary>
/// BenchmarkDotNet's usual .NET toolchain, told where this project file is. Out of the box it looks
/// for a project file named after the assembly (<c>Battleship.Benchmarks.csproj</c>), but the
/// repository names project files after their folder (<c>Benchmarks.csproj</c>). Added to the
/// config as a mutator job, it applies to whichever job the command line picks (<c>--job short</c>).
/// </summary>
internal static class ProjectToolchain
{
    private const string ProjectFileName = "Benchmarks.csproj";
    private const string TargetFramework = "net10.0";

    /// <summary>A job that only sets the toolchain, to be merged into every job that runs.</summary>
    public static Job Mutator { get; } =
        Job
            .Default.WithToolchain(
                new Toolchain(
                    TargetFramework,
                    new Generator(),
                    new DotNetCliBuilder(TargetFramework),
                    new DotNetCliExecutor(customDotNetCliPath: null!)
                )
            )
            .AsMutator();

    // null for the CLI path, packages path and runtime version means what it means in
    // BenchmarkDotNet's own NetCoreAppSettings.NetCoreApp10_0: the dotnet on PATH and the defaults.
    // Those parameters are not annotated as nullable, hence null!.
    private sealed class Generator() : CsProjGenerator(TargetFramework, cliPath: null!, packagesPath: null!, runtimeFrameworkVersion: null!)
    {
        protected override FileInfo GetProjectFilePath(Type benchmarkTarget, ILogger logger)
        {
            // The assembly runs from tests/Benchmarks/bin/<configuration>/<framework>/: walk up to the project.
            for (
                var directory = new FileInfo(benchmarkTarget.Assembly.Location).Directory;
                directory is not null;
                directory = directory.Parent
            )
            {
                var project = new FileInfo(Path.Combine(directory.FullName, ProjectFileName));
                if (project.Exists)
                {
                    return project;
                }
            }
            throw new FileNotFoundException($"No {ProjectFileName} above {benchmarkTarget.Assembly.Location}.");
        }
    }
}
