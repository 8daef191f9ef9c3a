using Battleship.Gateway.Cluster;
using Battleship.Gateway.Tests.Infrastructure;
using Battleship.Grains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Tests.Host;

[Collection(GatewayCollection.Name)]
public sealed class GrainRetryTests(GatewayFixture fixture)
{
    private readonly GrainClient _client = new(
        fixture.Grains,
        Options.Create(new GrainRetryOptions { MaxRetries = 3, FirstDelay = TimeSpan.FromMilliseconds(1) }),
        NullLogger<GrainClient>.Instance
    );

    // The calls below never reach it: each attempt's outcome is scripted.
    private ILobbyGrain Lobby => fixture.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key);

    [Fact]
    public async Task Call_RejectedDuringFailover_IsRetriedUntilItSucceeds()
    {
        var attempts = 0;

        var result = await _client.CallAsync(
            Lobby,
            nameof(ILobbyGrain.ListRoomsAsync),
            _ =>
                ++attempts switch
                {
                    1 => throw new SiloUnavailableException("silo died"),
                    2 => throw new SiloUnavailableException(),
                    3 => throw new TimeoutException(),
                    _ => Task.FromResult(42),
                },
            TestContext.Current.CancellationToken
        );

        Assert.Equal(42, result);
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task Call_RejectedTooOften_GivesUpWithTheLastError()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<SiloUnavailableException>(() =>
            _client.CallAsync<ILobbyGrain, int>(
                Lobby,
                nameof(ILobbyGrain.ListRoomsAsync),
                _ =>
                {
                    attempts++;
                    throw new SiloUnavailableException("silo died");
                },
                TestContext.Current.CancellationToken
            )
        );

        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task Call_RefusedByAGrain_IsNotRetried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<BattleshipException>(() =>
            _client.CallAsync<ILobbyGrain, int>(
                Lobby,
                nameof(ILobbyGrain.ListRoomsAsync),
                _ =>
                {
                    attempts++;
                    throw new BattleshipException(ErrorCode.NotYourTurn, "Not your turn.");
                },
                TestContext.Current.CancellationToken
            )
        );

        Assert.Equal(1, attempts);
    }
}
