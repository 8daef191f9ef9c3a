using Battleship.Gateway.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// The gateway's one match observer. It subscribes to each match that a connection of this
/// gateway joined and renews those subscriptions on a timer (they expire, and a match grain that
/// moved after a silo failure has forgotten them). Each change of a match arrives once, as a
/// <see cref="MatchUpdate"/> with the event and every kind of viewer's view, and goes out without
/// another grain call: the event to the match's SignalR group, then each view to its own role's
/// group only (each player's own view to that player, the spectators' view to spectators).
/// </summary>
/// <remarks>
/// <para>
/// Ordering: a match grain sends this gateway its updates in order (one call in flight at a time).
/// Here each followed match has its own queue, drained by one task at a time, so the updates of a
/// match go out in order while a slow match holds up no other. An update older than one already
/// taken (a lower <see cref="MatchUpdate.Version"/>: possible only around a failover, when an old
/// activation's call is still on its way) is dropped; its outcome is in the newer views.
/// </para>
/// <para>
/// Joining: the match is marked as followed before the grain is asked (so no update that follows
/// the grain's answer is dropped as unfollowed), the connection joins its groups, and the answer is
/// the newer of the grain's view and the latest update taken here. An update that came in between
/// is thereby in the answer; one that comes later reaches the connection through its groups.
/// </para>
/// </remarks>
internal sealed partial class MatchRelay(
    GrainClient grains,
    IHubContext<MatchHub, IMatchClient> hub,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<MatchRelay> logger
) : BackgroundService, IMatchObserver
{
    private static readonly ViewerRole[] Roles = [ViewerRole.PlayerOne, ViewerRole.PlayerTwo, ViewerRole.Spectator];

    /// <summary>How soon the subscriptions that failed at a renewal are renewed again.</summary>
    private static readonly TimeSpan FailedRenewalRetry = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many subscriptions a renewal renews at once. One after another, one call lost with a
    /// dead silo held every match behind it (docs/chaos.md, silo-kill); each call also gives up
    /// early and tries again (<see cref="GrainClient.CallIdempotentAsync{TGrain, T}"/>).
    /// </summary>
    private const int RenewalConcurrency = 16;

    /// <summary>How long after a match said its activation is going away this gateway subscribes again (the deactivation finishes first).</summary>
    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromMilliseconds(100);
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Followed> _matches = [];
    private readonly Dictionary<string, HashSet<Guid>> _byConnection = new(StringComparer.Ordinal);
    private IMatchObserver? _reference;
    private readonly RenewalSchedule _renewal = new();
    private CancellationToken _stopping;

    /// <summary>The group of every connection following a match.</summary>
    public static string MatchGroup(Guid matchId) => $"match:{matchId:N}";

    /// <summary>The group of the connections that see a match as <paramref name="role"/>.</summary>
    public static string RoleGroup(Guid matchId, ViewerRole role) => $"match:{matchId:N}:{role}";

    /// <summary>This gateway's observer, as the match grains know it (once started).</summary>
    public IMatchObserver? Reference => _reference;

    /// <summary>The matches followed by this gateway's connections (for tests and diagnostics).</summary>
    public int FollowedMatches
    {
        get
        {
            lock (_lock)
            {
                return _matches.Count;
            }
        }
    }

    /// <summary>Takes a match's updates (never blocks, never calls a grain) and starts the match's queue if it is idle.</summary>
    public Task OnMatchUpdates(IReadOnlyList<MatchUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        lock (_lock)
        {
            foreach (var update in updates)
            {
                Take(update);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Queues one update of a followed match (under the lock), unless it is older than one already taken.</summary>
    private void Take(MatchUpdate update)
    {
        if (!_matches.TryGetValue(update.MatchId, out var followed))
        {
            return; // nobody here follows it any more; the subscription runs out by itself
        }
        if (update.Version < followed.Newest)
        {
            MatchStaleUpdate(logger, update.MatchId, update.Version, followed.Newest);
            return;
        }
        followed.Newest = update.Version;
        if (update.Views is { } views)
        {
            followed.Latest = new MatchViewsAt(update.Version, views);
        }
        followed.Pending.Enqueue(new Outgoing(update.Event, update.Views));
        followed.Draining ??= Task.Run(() => DrainAsync(update.MatchId, followed));
    }

    /// <summary>
    /// A match's activation is going away, and with it this gateway's subscription: subscribes
    /// again a moment later (to the next activation), when a connection here still follows it.
    /// </summary>
    public Task OnSubscriptionEnding(Guid matchId)
    {
        lock (_lock)
        {
            if (!_matches.TryGetValue(matchId, out var followed) || followed.Connections.Count == 0)
            {
                return Task.CompletedTask;
            }
        }
        _ = ResubscribeAsync(matchId);
        return Task.CompletedTask;
    }

    private async Task ResubscribeAsync(Guid matchId)
    {
        try
        {
            await Task.Delay(ResubscribeDelay, time, _stopping);
            await SubscribeAsync(matchId, _stopping);
            MatchResubscribed(logger, matchId);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            MatchResubscribeFailed(logger, e, matchId);
        }
        catch (OperationCanceledException) { } // the gateway is stopping
    }

    /// <summary>
    /// Follows a match for a connection with one grain call, which subscribes this gateway's
    /// observer (a renewal when it already was: so every join, a reconnecting client's too, also
    /// restores a subscription that a failover lost) and answers the caller's view; the connection
    /// then joins the match's groups. Returns the newer of that view and the latest update taken here.
    /// </summary>
    public async Task<MatchView> JoinAsync(Guid matchId, string connectionId, Guid userId, CancellationToken cancellationToken)
    {
        var reference = _reference ?? throw new InvalidOperationException("The match relay has not started.");
        Followed followed;
        lock (_lock)
        {
            followed = FollowedOf(matchId);
            followed.Joining++;
        }
        try
        {
            var answer = await grains
                .Grain<IMatchGrain>(matchId)
                .CallIdempotentAsync(nameof(IMatchGrain.FollowAsync), g => g.FollowAsync(reference, userId), cancellationToken); // NotFound for no such match
            var role = answer.View.Role;
            lock (_lock)
            {
                cancellationToken.ThrowIfCancellationRequested(); // the connection closed meanwhile: keep nothing for it
                followed.Connections[connectionId] = role;
                if (!_byConnection.TryGetValue(connectionId, out var joined))
                {
                    joined = [];
                    _byConnection[connectionId] = joined;
                }
                joined.Add(matchId);
            }
            await hub.Groups.AddToGroupAsync(connectionId, MatchGroup(matchId), cancellationToken);
            await hub.Groups.AddToGroupAsync(connectionId, RoleGroup(matchId, role), cancellationToken);
            lock (_lock)
            {
                return followed.Latest is { } latest && latest.Version > answer.Version ? latest.Views.ViewFor(role) : answer.View;
            }
        }
        finally
        {
            lock (_lock)
            {
                followed.Joining--;
                DropIfIdle(matchId, followed);
            }
        }
    }

    /// <summary>Takes a connection out of one match's groups.</summary>
    public async Task UnfollowAsync(Guid matchId, string connectionId, CancellationToken cancellationToken)
    {
        ViewerRole? role;
        lock (_lock)
        {
            role = Forget(matchId, connectionId);
            if (_byConnection.TryGetValue(connectionId, out var joined))
            {
                joined.Remove(matchId);
            }
        }
        if (role is { } r)
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, MatchGroup(matchId), cancellationToken);
            await hub.Groups.RemoveFromGroupAsync(connectionId, RoleGroup(matchId, r), cancellationToken);
        }
    }

    /// <summary>
    /// Renews every subscription now rather than at the next period: the silos this gateway can
    /// reach changed (one died or came back), and a match that moved to another silo has forgotten
    /// its subscribers, so its moves would reach nobody here until the renewal. Called by the
    /// cluster client's gateway-count handler (Program.cs). Completes once every subscription was renewed.
    /// </summary>
    public Task RenewNowAsync() => _renewal.RenewNowAsync();

    /// <summary>Forgets a closed connection (SignalR has already taken it out of its groups).</summary>
    public void Disconnected(string connectionId)
    {
        lock (_lock)
        {
            if (_byConnection.Remove(connectionId, out var joined))
            {
                foreach (var matchId in joined)
                {
                    Forget(matchId, connectionId);
                }
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _reference = grains.Factory.CreateObjectReference<IMatchObserver>(this);
        return RenewAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref _reference, null) is { } reference)
        {
            grains.Factory.DeleteObjectReference<IMatchObserver>(reference); // grains drop it when it expires
        }
        Task[] draining;
        lock (_lock)
        {
            draining = [.. _matches.Values.Select(f => f.Draining).OfType<Task>()];
        }
        try
        {
            await Task.WhenAll(draining).WaitAsync(cancellationToken); // the queues empty quickly: nothing in them calls a grain
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { } // shutdown would not wait longer
    }

    /// <summary>Pushes a match's queued updates, one after another, until its queue is empty.</summary>
    private async Task DrainAsync(Guid matchId, Followed followed)
    {
        while (true)
        {
            Outgoing? update;
            ViewerRole[] present;
            lock (_lock)
            {
                if (!followed.Pending.TryDequeue(out update))
                {
                    followed.Draining = null;
                    DropIfIdle(matchId, followed);
                    return;
                }
                present = [.. Roles.Where(r => followed.Connections.ContainsValue(r))];
            }
            try
            {
                await DeliverAsync(matchId, update, present);
            }
            catch (Exception e)
            {
                MatchPushFailed(logger, e, matchId);
            }
        }
    }

    private async Task DeliverAsync(Guid matchId, Outgoing update, ViewerRole[] present)
    {
        var everyone = hub.Clients.Group(MatchGroup(matchId));
        await (
            update.Event switch
            {
                MatchStartedEvent e => everyone.MatchStarted(e),
                FleetPlacedEvent e => everyone.FleetPlaced(e),
                ShotFiredEvent e => everyone.ShotFired(e),
                ChatPostedEvent e => everyone.ChatPosted(e),
                MatchEndedEvent e => everyone.MatchEnded(e),
                _ => Task.CompletedTask,
            }
        );
        if (update.Views is not { } views)
        {
            return; // the next update, already here, brings the views
        }
        foreach (var role in present)
        {
            await hub.Clients.Group(RoleGroup(matchId, role)).ViewUpdated(views.ViewFor(role)); // each view to its own viewers only
        }
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        // Matches whose renewal failed (their silo had died and was not declared dead yet) are
        // renewed again a second later, not at the next renewal: until then their moves reach nobody.
        HashSet<Guid> failed = [];
        while (!stoppingToken.IsCancellationRequested)
        {
            bool asked;
            try
            {
                asked = await _renewal.WaitAsync(
                    failed.Count > 0 ? FailedRenewalRetry : options.Value.ObserverRenewal,
                    time,
                    stoppingToken
                );
                if (asked)
                {
                    MatchRenewingNow(logger);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Guid[] followed;
            lock (_lock)
            {
                followed =
                [
                    .. _matches
                        .Where(m => m.Value.Connections.Count > 0 && (asked || failed.Count == 0 || failed.Contains(m.Key)))
                        .Select(m => m.Key),
                ];
            }
            failed.Clear();
            try
            {
                await Parallel.ForEachAsync(
                    followed,
                    new ParallelOptions { MaxDegreeOfParallelism = RenewalConcurrency, CancellationToken = stoppingToken },
                    async (matchId, cancellationToken) =>
                    {
                        try
                        {
                            await SubscribeAsync(matchId, cancellationToken);
                        }
                        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                        {
                            // Any failure, a cancellation by Orleans included ("message expired before
                            // placement"): an exception that left this loop would stop the gateway.
                            MatchRenewFailed(logger, e, matchId);
                            lock (failed)
                            {
                                failed.Add(matchId);
                            }
                        }
                    }
                );
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            _renewal.Renewed();
        }
    }

    /// <summary>
    /// Renews the subscription to a match and catches up: when the match is further on than the
    /// newest update taken here (it moved to another silo, which forgot this gateway, and moves
    /// were made meanwhile), its views go out to the match's connections, in order with the updates.
    /// </summary>
    private async Task SubscribeAsync(Guid matchId, CancellationToken cancellationToken)
    {
        var reference = _reference ?? throw new InvalidOperationException("The match relay has not started.");
        var now = await grains
            .Grain<IMatchGrain>(matchId)
            .CallIdempotentAsync(nameof(IMatchGrain.SubscribeAsync), g => g.SubscribeAsync(reference), cancellationToken);
        lock (_lock)
        {
            if (now is null || !_matches.TryGetValue(matchId, out var followed) || now.Version <= followed.Newest)
            {
                return;
            }
            MatchCaughtUp(logger, matchId, followed.Newest, now.Version);
            followed.Newest = now.Version;
            followed.Latest = now;
            followed.Pending.Enqueue(new Outgoing(null, now.Views));
            followed.Draining ??= Task.Run(() => DrainAsync(matchId, followed), CancellationToken.None);
        }
    }

    /// <summary>The entry of a match (under the lock), made when there is none.</summary>
    private Followed FollowedOf(Guid matchId)
    {
        if (!_matches.TryGetValue(matchId, out var followed))
        {
            followed = new Followed();
            _matches[matchId] = followed;
        }
        return followed;
    }

    /// <summary>Removes a connection from a match (under the lock); the match is dropped with its last follower.</summary>
    private ViewerRole? Forget(Guid matchId, string connectionId)
    {
        if (!_matches.TryGetValue(matchId, out var followed) || !followed.Connections.Remove(connectionId, out var role))
        {
            return null;
        }
        DropIfIdle(matchId, followed);
        return role;
    }

    /// <summary>Drops a match (under the lock) that has no connection, no join under way and nothing left to push.</summary>
    private void DropIfIdle(Guid matchId, Followed followed)
    {
        if (
            followed.Connections.Count == 0
            && followed.Joining == 0
            && followed.Draining is null
            && _matches.TryGetValue(matchId, out var current)
            && current == followed
        )
        {
            _matches.Remove(matchId);
        }
    }

    /// <summary>A followed match: its connections and roles, its latest update and its queue (all under the relay's lock).</summary>
    /// <summary>What goes out to a match's connections, in order: an update's event and views, or a catch-up's views alone.</summary>
    private sealed record Outgoing(MatchEvent? Event, MatchViews? Views);

    private sealed class Followed
    {
        public Dictionary<string, ViewerRole> Connections { get; } = new(StringComparer.Ordinal);

        /// <summary>Joins that have asked the grain and not yet finished.</summary>
        public int Joining { get; set; }

        /// <summary>The newest update taken that carries views (those a joining connection may need).</summary>
        public MatchViewsAt? Latest { get; set; }

        /// <summary>The highest version taken (an update below it is out of date).</summary>
        public long Newest { get; set; } = -1;

        public Queue<Outgoing> Pending { get; } = new();

        /// <summary>The task pushing <see cref="Pending"/>, while one runs.</summary>
        public Task? Draining { get; set; }
    }

    [LoggerMessage(3201, LogLevel.Information, "The cluster's silos changed: renewing every match subscription now")]
    private static partial void MatchRenewingNow(ILogger logger);

    [LoggerMessage(
        3202,
        LogLevel.Information,
        "Match {MatchId} was at version {Version} when its subscription was renewed; {Missed} was the newest seen here: its views go out again"
    )]
    private static partial void MatchCaughtUp(ILogger logger, Guid matchId, long missed, long version);

    [LoggerMessage(3203, LogLevel.Warning, "Could not push an update of match {MatchId}")]
    private static partial void MatchPushFailed(ILogger logger, Exception exception, Guid matchId);

    [LoggerMessage(3204, LogLevel.Information, "Match {MatchId} moved to another activation; subscribed to it again")]
    private static partial void MatchResubscribed(ILogger logger, Guid matchId);

    [LoggerMessage(
        3205,
        LogLevel.Warning,
        "Could not subscribe again to match {MatchId} after its activation went away; the next renewal tries again"
    )]
    private static partial void MatchResubscribeFailed(ILogger logger, Exception exception, Guid matchId);

    [LoggerMessage(3206, LogLevel.Warning, "Could not renew the subscription to match {MatchId}; retrying in a second")]
    private static partial void MatchRenewFailed(ILogger logger, Exception exception, Guid matchId);

    [LoggerMessage(
        3207,
        LogLevel.Debug,
        "Dropped update {Version} of match {MatchId}: it arrived after update {Latest}, whose views are newer"
    )]
    private static partial void MatchStaleUpdate(ILogger logger, Guid matchId, long version, long latest);
}
