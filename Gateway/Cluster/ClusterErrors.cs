namespace Battleship.Gateway.Cluster;

/// <summary>Failures that mean the cluster cannot serve a kind of grain right now (not the caller's doing).</summary>
internal static class ClusterErrors
{
    private const string NoImplementation = "Could not find an implementation for interface";

    /// <summary>
    /// Orleans' answer to <c>GetGrain</c> when no silo the client knows of hosts the grain's class:
    /// an <see cref="ArgumentException"/> from Orleans.Core. It happens while only a trainer silo is
    /// up (it hosts no game grains), or before the client has read a newly joined game silo's
    /// manifest: a 503, like any other absence of the silos.
    /// </summary>
    public static bool IsNoSiloHosting(Exception exception) =>
        exception is ArgumentException { Source: "Orleans.Core" } e && e.Message.StartsWith(NoImplementation, StringComparison.Ordinal);

    /// <summary>
    /// Why players cannot be served yet, or null when they can: the cluster must host the grains every
    /// player needs (sign-in, the lobby, matches). Only resolves their classes; calls nothing.
    /// </summary>
    public static string? MissingGameGrains(IGrainFactory grains)
    {
        try
        {
            _ = grains.GetGrain<IIdentityGrain>("readiness");
            _ = grains.GetGrain<ILobbyGrain>(0);
            _ = grains.GetGrain<IMatchGrain>(Guid.Empty);
            return null;
        }
        catch (ArgumentException e) when (IsNoSiloHosting(e))
        {
            return e.Message;
        }
    }
}
