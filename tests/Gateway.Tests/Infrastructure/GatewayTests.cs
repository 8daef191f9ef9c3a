namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>
/// A test class of the <see cref="GatewayCollection"/>: its tests share the collection's
/// <see cref="GatewayFixture"/> and the gateway on it.
/// </summary>
[Collection(GatewayCollection.Name)]
public abstract class GatewayTests(GatewayFixture fixture)
{
    /// <summary>The collection's fixture: its cluster, its database, and separate gateways with other settings.</summary>
    protected GatewayFixture Fixture { get; } = fixture;

    /// <summary>The collection's gateway.</summary>
    protected GatewayFactory Gateway => Fixture.Gateway;
}
