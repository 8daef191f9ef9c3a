namespace Battleship.Cluster.Tests;

/// <summary>How the built silo behaves when it cannot start.</summary>
public class SiloStartupTests
{
    [Fact]
    public async Task Silo_WithoutAConnectionString_StopsAtOnceNamingTheSetting()
    {
        var folder = Directory.CreateDirectory(Path.Combine(HostBinaries.Artifacts, "cluster-tests", "startup")).FullName;
        await using var silo = SiloProcess.Start("no-connection-string", folder, new Dictionary<string, string>());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!silo.HasExited)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Contains("Battleship__Database__ConnectionString", silo.Tail(), StringComparison.Ordinal);
    }
}
