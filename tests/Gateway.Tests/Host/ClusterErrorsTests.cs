using System.Collections.Immutable;
using Battleship.Gateway.Cluster;
using Battleship.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Orleans.Metadata;

namespace Battleship.Gateway.Tests.Host;

/// <summary>
/// A cluster whose silos host no game grain (only a trainer silo is up, or the game silos joined after
/// the client last read the manifest): Orleans refuses <c>GetGrain</c>, and the gateway answers 503.
/// </summary>
public sealed class ClusterErrorsTests
{
    /// <summary>The exception Orleans' own resolver throws for a manifest without the grain's class.</summary>
    private static ArgumentException NoSiloHostsTheIdentityGrain()
    {
        var resolver = new GrainInterfaceTypeToGrainTypeResolver(new EmptyManifest());
        var interfaceType = GrainInterfaceType.Create("battleship.identity-grain");
        return Assert.Throws<ArgumentException>(() => resolver.GetGrainType(interfaceType));
    }

    [Fact]
    public void OrleansFindingNoImplementation_IsNoSiloHosting_AndDescribedAs503Unavailable()
    {
        var missing = NoSiloHostsTheIdentityGrain();

        Assert.True(ClusterErrors.IsNoSiloHosting(missing));
        Assert.Equal(
            (StatusCodes.Status503ServiceUnavailable, nameof(Grains.ErrorCode.Unavailable)),
            GatewayExceptionHandler.Describe(missing) is var (status, code, _) ? (status, code) : default
        );
    }

    [Fact]
    public void AnyOtherArgumentException_IsNotNoSiloHosting_AndStays500()
    {
        var bug = new ArgumentException("Could not find an implementation for interface, said our own code");

        Assert.False(ClusterErrors.IsNoSiloHosting(bug));
        Assert.Equal(StatusCodes.Status500InternalServerError, GatewayExceptionHandler.Describe(bug).Status);
    }

    private sealed class EmptyManifest : IClusterManifestProvider
    {
        public ClusterManifest Current { get; } = new(MajorMinorVersion.Zero, ImmutableDictionary<SiloAddress, GrainManifest>.Empty);

        public IAsyncEnumerable<ClusterManifest> Updates => AsyncEnumerable.Empty<ClusterManifest>();

        public GrainManifest LocalGrainManifest { get; } =
            new(
                ImmutableDictionary<GrainType, GrainProperties>.Empty,
                ImmutableDictionary<GrainInterfaceType, GrainInterfaceProperties>.Empty
            );
    }
}
