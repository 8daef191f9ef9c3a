namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>Files of the repository that tests check against (the client's OpenAPI copy, ops/ settings).</summary>
public static class Repository
{
    /// <summary>The repository's root: the first folder above the test binaries that holds Battleship.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Battleship.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (Battleship.sln) is not above " + AppContext.BaseDirectory);
    }
}
