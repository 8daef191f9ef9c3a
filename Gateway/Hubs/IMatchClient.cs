namespace Battleship.Gateway.Hubs;

/// <summary>
/// What <c>/hubs/match</c> pushes to the connections that joined a match. The events carry only
/// public information (the same for players and spectators); <see cref="ViewUpdated"/> carries the
/// match as the receiving connection's viewer may see it.
/// </summary>
public interface IMatchClient
{
    /// <summary>Both fleets are placed; play begins.</summary>
    /// <param name="matchEvent">Who fires first, and the turn's deadline.</param>
    Task MatchStarted(MatchStartedEvent matchEvent);

    /// <summary>A player placed their fleet (where is not said).</summary>
    /// <param name="matchEvent">Which player.</param>
    Task FleetPlaced(FleetPlacedEvent matchEvent);

    /// <summary>A shot was accepted: where, what it hit, who fires next.</summary>
    /// <param name="matchEvent">The shot, the next player and the next deadline.</param>
    Task ShotFired(ShotFiredEvent matchEvent);

    /// <summary>A chat line was posted.</summary>
    /// <param name="matchEvent">The line.</param>
    Task ChatPosted(ChatPostedEvent matchEvent);

    /// <summary>The match is over; both fleets are revealed.</summary>
    /// <param name="matchEvent">The winner, the reason and both fleets.</param>
    Task MatchEnded(MatchEndedEvent matchEvent);

    /// <summary>The match as this connection's viewer may see it, after any event.</summary>
    /// <param name="view">The viewer's view.</param>
    Task ViewUpdated(MatchView view);
}
