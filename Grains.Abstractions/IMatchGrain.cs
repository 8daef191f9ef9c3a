using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>Pushes a match's changes to a gateway.</summary>
[Alias("battleship.match-observer")]
public interface IMatchObserver : IGrainObserver
{
    /// <summary>
    /// Things happened in the match: for each, the event and every kind of viewer's view after it,
    /// oldest first. The match does not wait for this call in its own turns; it sends a gateway its
    /// next updates (all that came meanwhile, in one call) only once the previous call has
    /// returned, so each gateway receives a match's updates in order. Return quickly.
    /// </summary>
    [Alias("updates")]
    Task OnMatchUpdates(IReadOnlyList<MatchUpdate> updates);

    /// <summary>
    /// The match's activation is going away while this gateway follows it (its silo is stopping,
    /// its directory entry was lost with another silo, or it stepped down behind its log), and
    /// with it this subscription: subscribe again to reach the next activation. Without this, the
    /// match's moves would reach nobody until the next renewal. One-way: a deactivation never
    /// waits for a gateway.
    /// </summary>
    [Alias("subscription-ending"), Orleans.Concurrency.OneWay]
    Task OnSubscriptionEnding(Guid matchId);
}

/// <summary>
/// One game: placements, turns, shots, clock, chat and the event log. Every accepted move is
/// written to storage before it is acknowledged; views are projections per viewer and never hold
/// ship cells the viewer must not see.
/// </summary>
[Alias("battleship.match-grain")]
public interface IMatchGrain : IGrainWithGuidKey
{
    /// <summary>Starts the match (idempotent for the same setup); agents place their fleets at once.</summary>
    [Alias("start")]
    Task<MatchView> StartAsync(MatchSetup setup);

    /// <summary>The match as <paramref name="viewerId"/> may see it (players see their own ships; others none).</summary>
    [Alias("view")]
    Task<MatchView> GetViewAsync(Guid viewerId);

    /// <summary>Places the player's fleet: the given layout (validated by the engine) or, when null, a random one.</summary>
    [Alias("place")]
    Task<MatchView> PlaceFleetAsync(Guid userId, IReadOnlyList<FleetPlacement>? placements);

    /// <summary>
    /// Fires at <paramref name="cell"/>. <paramref name="expectedTurn"/> is the turn number the
    /// player saw: a repeat of an accepted shot returns the first result (marked duplicate); any
    /// other mismatch is <see cref="ErrorCode.StaleTurn"/>.
    /// </summary>
    [Alias("fire")]
    [ResponseTimeout("00:00:03")] // idempotent: a call lost with a dying silo is retried after 3 s, not the client's 10 s
    Task<FireResult> FireAsync(Guid userId, int cell, int expectedTurn);

    /// <summary>The player gives up.</summary>
    [Alias("resign")]
    Task<MatchView> ResignAsync(Guid userId);

    /// <summary>Posts a chat line (players and the room's spectators).</summary>
    [Alias("chat")]
    Task<ChatMessage> PostChatAsync(Participant author, string text);

    /// <summary>The move log with fleets as the viewer may see them (both after the end).</summary>
    [Alias("replay")]
    Task<MatchReplay> GetReplayAsync(Guid viewerId);

    /// <summary>
    /// Subscribes (or renews) <paramref name="observer"/> and returns the match as
    /// <paramref name="viewerId"/> may see it, with its version: following a match is one call, and
    /// every update published after the answer reaches the observer with a higher version.
    /// </summary>
    [Alias("follow")]
    Task<FollowedView> FollowAsync(IMatchObserver observer, Guid viewerId);

    /// <summary>
    /// Subscribes (or renews) an observer of the match's events, and answers how far the match has
    /// come with every kind of viewer's view (null for no such match): an observer that missed
    /// updates (the match moved to another silo, which forgot its subscribers) catches up from it.
    /// </summary>
    [Alias("subscribe")]
    Task<MatchViewsAt?> SubscribeAsync(IMatchObserver observer);

    /// <summary>Removes an observer.</summary>
    [Alias("unsubscribe")]
    Task UnsubscribeAsync(IMatchObserver observer);

    /// <summary>Lets an agent whose turn it is move (the match calls this on itself).</summary>
    [Alias("agent-turn"), Orleans.Concurrency.OneWay]
    Task PlayAgentTurnAsync();

    /// <summary>Forfeits the player to move if turn <paramref name="turnNumber"/>'s clock has run out (the clock calls this).</summary>
    [Alias("enforce-clock")]
    Task EnforceClockAsync(int turnNumber);

    /// <summary>
    /// Completes a finished match if it is not yet: rates it, archives it, reports it to the players
    /// and the room, and only then announces its end (<see cref="MatchEndedEvent"/>). A failure is
    /// retried after 1 s, 2 s, 4 s, then every 5 s (the match's retry timer calls this), and by the
    /// match's reminder. Does nothing for a match that is not finished or already completed.
    /// </summary>
    [Alias("complete")]
    Task CompleteAsync();
}
