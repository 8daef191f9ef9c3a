using Battleship.Grains.Matches;
using Battleship.Grains.Models;

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
        var match = Match; // NotFound for no such match, before anything is subscribed
        _observers.Subscribe(observer, observer);
        return Task.FromResult(new FollowedView(match.Version, match.ViewFor(viewerId)));
    }

    /// <inheritdoc />
    public Task<MatchViewsAt?> SubscribeAsync(IMatchObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.FromResult(!_match.IsStarted || _storageFailed ? null : new MatchViewsAt(_match.Version, _match.AllViews()));
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(IMatchObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>The match as <paramref name="viewerId"/> may see it.</summary>
    private MatchView ViewFor(Guid viewerId) => Match.ViewFor(viewerId);

    /// <summary>
    /// Tells the following gateways that their subscriptions end with this activation: those that
    /// still follow the match subscribe again, to the next activation. Orleans deactivates a grain
    /// whose directory entry was on a silo that died, on the surviving silo too, often right after a
    /// gateway renewed its subscription there (docs/chaos.md, silo-kill).
    /// </summary>
    private async Task EndSubscriptionsAsync(DeactivationReason reason)
    {
        _observers.ClearExpired();
        if (_observers.Count > 0)
        {
            MatchLogMessages.TellingSubscribers(_logger, MatchId, _observers.Count, reason.ReasonCode);
            await _observers.Notify(o => o.OnSubscriptionEnding(MatchId)); // one-way
        }
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
        var match = Match;
        var views = match.AllViews();
        var updates = new MatchUpdate[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            // Versions count up to the stored one; views go with the last update only (an earlier one's are already outdated).
            var last = i == events.Count - 1;
            updates[i] = new MatchUpdate(match.Version - (events.Count - 1 - i), events[i], last ? views : null);
        }
        return _observers.Notify(observer =>
        {
            Post(observer, updates);
            return Task.CompletedTask;
        }); // Notify also drops the gateways whose subscription expired
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
                MatchLogMessages.PushFailed(_logger, e, MatchId, batch.Count);
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
}
