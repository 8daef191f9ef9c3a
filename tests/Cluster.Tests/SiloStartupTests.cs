namespace Battleship.Cluster.Tests;

/// <summary>How the built silo behaves when it cannot start.</summary>
public class SiloStartupTests
{
    [Fact]
    public async Task Silo_WithoutAConnectionString_StopsAtOnceNamingTheSetting()
    {
        var folder = Directory.CreateDirectory(Path.Combine(HostBinaries.Artifacts, "cluster-tests", "startup")).FullName;
        await using var silo = SiloProcess.Start("no-connection-string", folder, new Dictionary<string, string>());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await silo.WaitForExitAsync(timeout.Token);

        Assert.Contains("Battleship__Database__ConnectionString", silo.Tail(), StringComparison.Ordinal);
    }
}
