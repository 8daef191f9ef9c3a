using Battleship.Gateway.Cluster;
using Battleship.Grains;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Tests.Host;

[Collection(GatewayCollection.Name)]
public sealed class GrainRetryTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(750);
    private readonly FakeTimeProvider _time = new();
    private readonly GrainClient _client;

    public GrainRetryTests(GatewayFixture fixture)
    {
        _fixture = fixture;
        _client = new(
            fixture.Grains,
            Options.Create(
                new GrainRetryOptions
                {
                    MaxRetries = 3,
                    FirstDelay = TimeSpan.FromMilliseconds(1),
                    IdempotentAttemptTimeout = AttemptTimeout,
                }
            ),
            _time,
            NullLogger<GrainClient>.Instance
        );
    }

    private readonly GatewayFixture _fixture;

    // The calls below never reach it: each attempt's outcome is scripted.
    private ILobbyGrain Lobby => _fixture.Grains.GetGrain<ILobbyGrain>(ILobbyGrain.Key);

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CallOrIdempotentCall_RefusedByAGrain_IsNotRetried(bool idempotent)
    {
        var attempts = 0;
        Func<ILobbyGrain, Task<int>> refused = _ =>
        {
            attempts++;
            throw new BattleshipException(ErrorCode.NotYourTurn, "Not your turn.");
        };
        var method = nameof(ILobbyGrain.ListRoomsAsync);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<BattleshipException>(() =>
            idempotent ? _client.CallIdempotentAsync(Lobby, method, refused, ct) : _client.CallAsync(Lobby, method, refused, ct)
        );

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task IdempotentCall_LostWithItsSilo_IsAbandonedAfterItsBudgetAndSentAgain()
    {
        var attempts = 0;
        var firstSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lost = new TaskCompletionSource<int>(); // an attempt to a dead silo: no answer, no rejection

        var call = _client.CallIdempotentAsync(
            Lobby,
            nameof(ILobbyGrain.ListRoomsAsync),
            _ =>
            {
                if (++attempts == 1)
                {
                    firstSent.SetResult();
                    return lost.Task;
                }
                return Task.FromResult(42);
            },
            TestContext.Current.CancellationToken
        );
        await firstSent.Task;
        _time.Advance(AttemptTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(42, await call);
        Assert.Equal(2, attempts);
    }
}
