using System.Threading.Channels;
using Battleship.Grains;

namespace Battleship.Gateway.Tests.Infrastructure;

/// <summary>Observes a match grain directly (through the test cluster's client) so a test can wait for an agent's move or take an update as a gateway receives it.</summary>
public sealed class MatchWatch : IMatchObserver, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<MatchUpdate> _updates = Channel.CreateUnbounded<MatchUpdate>();
    private readonly IGrainFactory _grains;
    private readonly IMatchGrain _match;
    private IMatchObserver? _reference;

    private MatchWatch(IGrainFactory grains, Guid matchId)
    {
        _grains = grains;
        _match = grains.GetGrain<IMatchGrain>(matchId);
    }

    public static async Task<MatchWatch> StartAsync(GatewayFixture fixture, Guid matchId)
    {
        var watch = new MatchWatch(fixture.Grains, matchId);
        watch._reference = fixture.Grains.CreateObjectReference<IMatchObserver>(watch);
        await watch._match.SubscribeAsync(watch._reference);
        return watch;
    }

    public async Task OnMatchUpdates(IReadOnlyList<MatchUpdate> updates)
    {
        foreach (var update in updates)
        {
            await _updates.Writer.WriteAsync(update);
        }
    }

    /// <summary>Not followed up: the tests that watch a match do not move it.</summary>
    public Task OnSubscriptionEnding(Guid matchId) => Task.CompletedTask;

    /// <summary>Waits for the next event of type <typeparamref name="T"/> that matches <paramref name="wanted"/>.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? wanted = null)
        where T : MatchEvent => (T)(await NextUpdateAsync<T>(wanted)).Event;

    /// <summary>Waits for the next update whose event is a <typeparamref name="T"/> that matches <paramref name="wanted"/>.</summary>
    public async Task<MatchUpdate> NextUpdateAsync<T>(Func<T, bool>? wanted = null)
        where T : MatchEvent
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        while (true)
        {
            var next = await _updates.Reader.ReadAsync(timeout.Token);
            if (next.Event is T match && (wanted is null || wanted(match)))
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reference is not null)
        {
            await _match.UnsubscribeAsync(_reference);
            _grains.DeleteObjectReference<IMatchObserver>(_reference);
        }
    }
}
