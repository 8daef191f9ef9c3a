using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Battleship.TestSupport;

/// <summary>What the tests' own in-process hosts share: a builder that reads nothing from the environment, and free ports.</summary>
public static class TestHosts
{
    /// <summary>A host builder without the default configuration sources, logging warnings and worse only.</summary>
    public static HostApplicationBuilder QuietBuilder()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <summary>A TCP port on loopback that no one listened on a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
