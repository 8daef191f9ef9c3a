using System.Threading.Channels;
using Battleship.Grains.Models;

namespace Battleship.Grains.Tests.Matches;

/// <summary>A match observer that queues the events it receives, for tests to await.</summary>
internal sealed class MatchEvents : IMatchObserver, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<MatchEvent> _events = Channel.CreateUnbounded<MatchEvent>();
    private readonly List<MatchEvent> _received = [];
    private ClusterFixture? _fixture;
    private IMatchGrain? _match;
    private IMatchObserver? _reference;

    /// <summary>Every event taken from the queue so far.</summary>
    public IReadOnlyList<MatchEvent> Received => _received;

    public static async Task<MatchEvents> SubscribeAsync(ClusterFixture fixture, IMatchGrain match)
    {
        var events = new MatchEvents { _fixture = fixture, _match = match };
        events._reference = fixture.Grains.CreateObjectReference<IMatchObserver>(events);
        await match.SubscribeAsync(events._reference);
        return events;
    }

    public Task OnMatchEvent(MatchEvent matchEvent) => _events.Writer.WriteAsync(matchEvent).AsTask();

    /// <summary>Waits for the next event of type <typeparamref name="T"/>, keeping those before it in <see cref="Received"/>.</summary>
    public Task<T> NextAsync<T>()
        where T : MatchEvent => NextAsync<T>(_ => true);

    /// <summary>Waits for the next event of type <typeparamref name="T"/> that matches <paramref name="wanted"/>.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool> wanted)
        where T : MatchEvent
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var next = await _events.Reader.ReadAsync(timeout.Token);
            _received.Add(next);
            if (next is T match && wanted(match))
            {
                return match;
            }
        }
    }

    /// <summary>
    /// Takes, without waiting, every event delivered so far (keeping them in <see cref="Received"/>).
    /// The match awaits each observer before it answers, so after a call to the match returns, this
    /// holds everything the match published until then.
    /// </summary>
    public IReadOnlyList<MatchEvent> TakeDelivered()
    {
        var taken = new List<MatchEvent>();
        while (_events.Reader.TryRead(out var next))
        {
            _received.Add(next);
            taken.Add(next);
        }
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await _match!.UnsubscribeAsync(_reference!);
        _fixture!.Grains.DeleteObjectReference<IMatchObserver>(_reference!);
    }
}
