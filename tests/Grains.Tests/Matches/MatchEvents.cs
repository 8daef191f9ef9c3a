using System.Threading.Channels;

namespace Battleship.Grains.Tests.Matches;

/// <summary>
/// A match observer that queues the updates it receives, for tests to await. The match does not
/// wait for its observers: when a call to it returns, what it published may still be on its way
/// (see <see cref="SettleAsync"/>).
/// </summary>
internal sealed class MatchEvents : IMatchObserver, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<MatchUpdate> _events = Channel.CreateUnbounded<MatchUpdate>();
    private readonly List<MatchEvent> _received = [];
    private readonly List<MatchUpdate> _updates = [];
    private int _settles;
    private ClusterFixture? _fixture;
    private IMatchGrain? _match;
    private IMatchObserver? _reference;
    private readonly TaskCompletionSource<Guid> _ending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the match's id when the match said its activation is going away.</summary>
    public Task<Guid> SubscriptionEnding => _ending.Task.WaitAsync(Patience);

    /// <summary>Every event taken from the queue so far.</summary>
    public IReadOnlyList<MatchEvent> Received => _received;

    /// <summary>Every update (event and views) taken from the queue so far.</summary>
    public IReadOnlyList<MatchUpdate> Updates => _updates;

    public static async Task<MatchEvents> SubscribeAsync(ClusterFixture fixture, IMatchGrain match)
    {
        var events = new MatchEvents { _fixture = fixture, _match = match };
        events._reference = fixture.Grains.CreateObjectReference<IMatchObserver>(events);
        await match.SubscribeAsync(events._reference);
        return events;
    }

    /// <summary>Follows the match as <paramref name="viewerId"/> (<see cref="IMatchGrain.FollowAsync"/>): the observer and the answer.</summary>
    public static async Task<(MatchEvents Events, FollowedView Answer)> FollowAsync(
        ClusterFixture fixture,
        IMatchGrain match,
        Guid viewerId
    )
    {
        var events = new MatchEvents { _fixture = fixture, _match = match };
        events._reference = fixture.Grains.CreateObjectReference<IMatchObserver>(events);
        try
        {
            return (events, await match.FollowAsync(events._reference, viewerId));
        }
        catch
        {
            fixture.Grains.DeleteObjectReference<IMatchObserver>(events._reference);
            throw;
        }
    }

    /// <summary>Follows the match again as <paramref name="viewerId"/> (a renewal, or a new subscription after a reactivation).</summary>
    public Task<FollowedView> FollowAgainAsync(Guid viewerId) => _match!.FollowAsync(_reference!, viewerId);

    public async Task OnMatchUpdates(IReadOnlyList<MatchUpdate> updates)
    {
        foreach (var update in updates)
        {
            await _events.Writer.WriteAsync(update);
        }
    }

    public Task OnSubscriptionEnding(Guid matchId)
    {
        _ending.TrySetResult(matchId);
        return Task.CompletedTask;
    }

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
            _updates.Add(next);
            _received.Add(next.Event);
            if (next.Event is T match && wanted(match))
            {
                return match;
            }
        }
    }

    /// <summary>
    /// Posts a chat line as <paramref name="author"/> and waits for it, taking every update that the
    /// match published before it (the match sends an observer its updates in order), so that a test
    /// can then say what was not published.
    /// </summary>
    public async Task SettleAsync(Participant author)
    {
        var line = $"settle {++_settles}";
        await _match!.PostChatAsync(author, line);
        await NextAsync<ChatPostedEvent>(e => e.Message.Text == line);
    }

    public async ValueTask DisposeAsync()
    {
        await _match!.UnsubscribeAsync(_reference!);
        _fixture!.Grains.DeleteObjectReference<IMatchObserver>(_reference!);
    }
}
