using Battleship.Grains.Models;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains;

/// <summary>
/// How a match's changes reach the gateways. Each change crosses to every subscribed gateway once,
/// as a <see cref="MatchUpdate"/> that carries the event and each kind of viewer's view, so a
/// gateway never calls back for views. The match does not wait for gateways in its turns: each
/// gateway has an outbox here, sent by a loop that keeps at most one call in flight to it and
/// sends whatever piled up meanwhile as the next call. That keeps a gateway's updates in order
/// (Orleans does not order two calls in flight: one-way calls to a client whose address is not yet
/// cached were seen to arrive in reverse), batches them under load, and lets a slow gateway slow
/// only its own deliveries. A gateway whose call fails is dropped, as <see cref="Orleans.Utilities.ObserverManager{T}"/>
/// drops it; its renewal subscribes it again.
/// </summary>
public sealed partial class MatchGrain
{
    /// <summary>The updates waiting for each gateway whose send loop runs (a gateway is here exactly while its loop runs).</summary>
    private readonly Dictionary<IMatchObserver, List<MatchUpdate>> _outboxes = [];

    /// <inheritdoc />
    public Task<FollowedView> FollowAsync(IMatchObserver observer, Guid viewerId)
    {
        _ = Game; // NotFound for no such match, before anything is subscribed
        _observers.Subscribe(observer, observer);
        return Task.FromResult(new FollowedView(Version, BuildView(viewerId)));
    }

    /// <summary>Announces <paramref name="matchEvent"/>, with the views after it, to every subscribed gateway (without waiting for them).</summary>
    private Task PublishAsync(MatchEvent matchEvent) => PublishAsync([matchEvent]);

    /// <summary>
    /// Announces <paramref name="events"/> (the last changes, in order, all stored) with the views
    /// after the last of them, to every subscribed gateway at once (without waiting for them).
    /// </summary>
    private Task PublishAsync(List<MatchEvent> events)
    {
        if (_observers.Count == 0)
        {
            return Task.CompletedTask; // nobody follows: build no views
        }
        var views = AllViews();
        var updates = new MatchUpdate[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            // Versions count up to the stored one; views go with the last update only (an earlier one's are already outdated).
            var last = i == events.Count - 1;
            updates[i] = new MatchUpdate(Version - (events.Count - 1 - i), events[i], last ? views : null);
        }
        return _observers.Notify(observer =>
        {
            Post(observer, updates);
            return Task.CompletedTask;
        }); // Notify also drops the gateways whose subscription expired
    }

    /// <summary>Every kind of viewer's view now (the parts they share built once).</summary>
    private MatchViews AllViews()
    {
        var parts = new ViewParts(this);
        return new MatchViews(parts.ViewAs(ViewerRole.PlayerOne), parts.ViewAs(ViewerRole.PlayerTwo), parts.ViewAs(ViewerRole.Spectator));
    }

    private void Post(IMatchObserver observer, MatchUpdate[] updates)
    {
        if (_outboxes.TryGetValue(observer, out var waiting))
        {
            waiting.AddRange(updates); // goes with the next call, after the one in flight
            return;
        }
        _outboxes[observer] = [];
        SendAsync(observer, [.. updates]).Ignore(); // runs on this activation, between its turns; it never throws
    }

    /// <summary>Sends <paramref name="batch"/>, then what piled up meanwhile, until nothing waits for <paramref name="observer"/>.</summary>
    private async Task SendAsync(IMatchObserver observer, List<MatchUpdate> batch)
    {
        while (true)
        {
            try
            {
                await observer.OnMatchUpdates(batch);
            }
            catch (Exception e)
            {
                LogPushFailed(_logger, e, MatchId, batch.Count);
                _observers.Unsubscribe(observer);
                _outboxes.Remove(observer);
                return;
            }
            var waiting = _outboxes[observer];
            if (waiting.Count == 0)
            {
                _outboxes.Remove(observer);
                return;
            }
            _outboxes[observer] = [];
            batch = waiting;
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Match {MatchId} could not push {Count} updates to a gateway; it is dropped until it subscribes again"
    )]
    private static partial void LogPushFailed(ILogger logger, Exception exception, Guid matchId, int count);
}
