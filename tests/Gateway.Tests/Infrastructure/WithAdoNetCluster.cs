namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>A test class that starts its own <see cref="AdoNetCluster"/> of <paramref name="silos"/> silos for each test.</summary>
public abstract class WithAdoNetCluster(int silos) : IAsyncLifetime
{
    private AdoNetCluster? _cluster;

    protected AdoNetCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async ValueTask InitializeAsync() => _cluster = await AdoNetCluster.StartAsync(silos);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
