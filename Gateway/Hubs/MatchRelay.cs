using System.Threading.Channels;
using Battleship.Gateway.Cluster;
using Battleship.Gateway.Hosting;
using Battleship.Grains;
using Battleship.Grains.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// The gateway's one match observer. It subscribes to each match that a connection of this
/// gateway joined and renews those subscriptions on a timer (they expire, and a match grain that
/// moved after a silo failure has forgotten them). Events are queued as they arrive (the grain
/// waits for the observer, and the observer must never call back into the grain while it waits)
/// and then, in order, pushed to the match's SignalR group, followed by a fresh view for each kind
/// of viewer present: each player's own view to that player, the spectators' view to spectators.
/// </summary>
internal sealed partial class MatchRelay(
    GrainClient grains,
    IHubContext<MatchHub, IMatchClient> hub,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<MatchRelay> logger
) : BackgroundService, IMatchObserver
{
    private static readonly ViewerRole[] Roles = [ViewerRole.PlayerOne, ViewerRole.PlayerTwo, ViewerRole.Spectator];
    private readonly Channel<MatchEvent> _events = Channel.CreateUnbounded<MatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Followed> _matches = [];
    private readonly Dictionary<string, HashSet<Guid>> _byConnection = new(StringComparer.Ordinal);
    private IMatchObserver? _reference;

    /// <summary>The group of every connection following a match.</summary>
    public static string MatchGroup(Guid matchId) => $"match:{matchId:N}";

    /// <summary>The group of the connections that see a match as <paramref name="role"/>.</summary>
    public static string RoleGroup(Guid matchId, ViewerRole role) => $"match:{matchId:N}:{role}";

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

    public Task OnMatchEvent(MatchEvent matchEvent)
    {
        _events.Writer.TryWrite(matchEvent); // never blocks, never throws: the grain is waiting
        return Task.CompletedTask;
    }

    /// <summary>
    /// Adds a connection to a match's groups and subscribes this gateway's observer to the match.
    /// Subscribing again is a renewal, so every join (a reconnecting client's too) also restores a
    /// subscription that a failover lost, without waiting for the timer.
    /// </summary>
    public async Task FollowAsync(Guid matchId, string connectionId, ViewerRole role, Guid userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_matches.TryGetValue(matchId, out var followed))
            {
                followed = new Followed();
                _matches[matchId] = followed;
            }
            followed.Connections[connectionId] = role;
            if (role != ViewerRole.Spectator)
            {
                followed.Players[(int)role] = userId;
            }
            if (!_byConnection.TryGetValue(connectionId, out var joined))
            {
                joined = [];
                _byConnection[connectionId] = joined;
            }
            joined.Add(matchId);
        }
        await hub.Groups.AddToGroupAsync(connectionId, MatchGroup(matchId), cancellationToken);
        await hub.Groups.AddToGroupAsync(connectionId, RoleGroup(matchId, role), cancellationToken);
        await SubscribeAsync(matchId, cancellationToken);
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.Factory.CreateObjectReference<IMatchObserver>(this);
        await Task.WhenAll(PumpAsync(stoppingToken), RenewAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _events.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref _reference, null) is { } reference)
        {
            grains.Factory.DeleteObjectReference<IMatchObserver>(reference); // grains drop it at their next push or on expiry
        }
    }

    private async Task PumpAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var matchEvent in _events.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DeliverAsync(matchEvent, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogDeliveryFailed(logger, e, matchEvent.MatchId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task DeliverAsync(MatchEvent matchEvent, CancellationToken cancellationToken)
    {
        var matchId = matchEvent.MatchId;
        Guid?[] players;
        ViewerRole[] present;
        lock (_lock)
        {
            if (!_matches.TryGetValue(matchId, out var followed))
            {
                return; // nobody here follows it any more; the subscription runs out by itself
            }
            players = [.. followed.Players];
            present = [.. Roles.Where(r => followed.Connections.ContainsValue(r))];
        }

        var everyone = hub.Clients.Group(MatchGroup(matchId));
        await (
            matchEvent switch
            {
                MatchStartedEvent e => everyone.MatchStarted(e),
                FleetPlacedEvent e => everyone.FleetPlaced(e),
                ShotFiredEvent e => everyone.ShotFired(e),
                ChatPostedEvent e => everyone.ChatPosted(e),
                MatchEndedEvent e => everyone.MatchEnded(e),
                _ => Task.CompletedTask,
            }
        );

        var match = grains.Factory.GetGrain<IMatchGrain>(matchId);
        foreach (var role in present)
        {
            // A viewer id that plays in no match (Guid.Empty) gets the spectators' projection.
            var viewer = role == ViewerRole.Spectator ? Guid.Empty : players[(int)role] ?? Guid.Empty;
            var view = await grains.CallAsync(match, nameof(IMatchGrain.GetViewAsync), g => g.GetViewAsync(viewer), cancellationToken);
            await hub.Clients.Group(RoleGroup(matchId, role)).ViewUpdated(view);
        }
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ObserverRenewal, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Guid[] followed;
            lock (_lock)
            {
                followed = [.. _matches.Keys];
            }
            foreach (var matchId in followed)
            {
                try
                {
                    await SubscribeAsync(matchId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRenewFailed(logger, e, matchId);
                }
            }
        }
    }

    private Task SubscribeAsync(Guid matchId, CancellationToken cancellationToken)
    {
        var reference = _reference ?? throw new InvalidOperationException("The match relay has not started.");
        return grains.CallAsync(
            grains.Factory.GetGrain<IMatchGrain>(matchId),
            nameof(IMatchGrain.SubscribeAsync),
            g => g.SubscribeAsync(reference),
            cancellationToken
        );
    }

    /// <summary>Removes a connection from a match (under the lock); the match is dropped with its last follower.</summary>
    private ViewerRole? Forget(Guid matchId, string connectionId)
    {
        if (!_matches.TryGetValue(matchId, out var followed) || !followed.Connections.Remove(connectionId, out var role))
        {
            return null;
        }
        if (followed.Connections.Count == 0)
        {
            _matches.Remove(matchId);
        }
        return role;
    }

    private sealed class Followed
    {
        public Dictionary<string, ViewerRole> Connections { get; } = new(StringComparer.Ordinal);

        public Guid?[] Players { get; } = new Guid?[2];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push an event of match {MatchId}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, Guid matchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the subscription to match {MatchId}; retrying at the next renewal")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, Guid matchId);
}
