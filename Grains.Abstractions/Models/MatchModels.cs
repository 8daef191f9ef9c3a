using System.Text.Json.Serialization;
using Battleship.Engine;

namespace Battleship.Grains.Models;

/// <summary>Where a match stands.</summary>
public enum MatchStatus
{
    /// <summary>Not started yet (no such match).</summary>
    None,

    /// <summary>Fleets are being placed.</summary>
    Placing,

    /// <summary>Players fire in turn.</summary>
    InProgress,

    /// <summary>Over: won, resigned or timed out.</summary>
    Finished,
}

/// <summary>How a match ended.</summary>
public enum EndReason
{
    /// <summary>The winner sank the whole fleet.</summary>
    Win,

    /// <summary>The loser resigned.</summary>
    Resign,

    /// <summary>The loser's turn clock ran out.</summary>
    Timeout,

    /// <summary>The match was abandoned and may have no winner (only archived matches; the archive does not rate them).</summary>
    Abandoned,
}

/// <summary>How the viewer takes part.</summary>
public enum ViewerRole
{
    /// <summary>Player one (index 0).</summary>
    PlayerOne,

    /// <summary>Player two (index 1).</summary>
    PlayerTwo,

    /// <summary>Anyone else: sees no ship that has not sunk until the end.</summary>
    Spectator,
}

/// <summary>
/// How a match is set up (by a room, or directly against an agent). <c>TurnTimeout</c> is the time
/// per shot of a person: null for the silo's default, <see cref="TimeSpan.Zero"/> for no clock
/// (untimed: nobody loses on time).
/// </summary>
[GenerateSerializer, Immutable, Alias("battleship.match-setup")]
public sealed record MatchSetup(
    [property: Id(0)] Participant PlayerOne,
    [property: Id(1)] Participant PlayerTwo,
    [property: Id(2)] RulesSpec Rules,
    [property: Id(3)] int FirstPlayer = 0,
    [property: Id(4)] Guid? RoomId = null,
    [property: Id(5)] TimeSpan? TurnTimeout = null,
    [property: Id(6)] ulong Seed = 0
);

/// <summary>Where one ship lies, as a player submits it.</summary>
[GenerateSerializer, Immutable, Alias("battleship.fleet-placement")]
public sealed record FleetPlacement(
    [property: Id(0)] ShipType Ship,
    [property: Id(1)] int Row,
    [property: Id(2)] int Column,
    [property: Id(3)] Orientation Orientation
);

/// <summary>A ship and its cells (a player's own ship, a sunk ship, or any ship after the end).</summary>
[GenerateSerializer, Immutable, Alias("battleship.ship-view")]
public sealed record ShipView([property: Id(0)] ShipType Type, [property: Id(1)] IReadOnlyList<int> Cells);

/// <summary>
/// One player's board as a viewer may see it: the shots it received and the sunk ships, plus its
/// ships only when the viewer owns the board or the match is over.
/// </summary>
[GenerateSerializer, Immutable, Alias("battleship.board-view")]
public sealed record BoardView(
    [property: Id(0)] int Owner,
    [property: Id(1)] IReadOnlyList<int> Misses,
    [property: Id(2)] IReadOnlyList<int> Hits,
    [property: Id(3)] IReadOnlyList<ShipView> SunkShips,
    [property: Id(4)] IReadOnlyList<ShipView>? Ships,
    [property: Id(5)] bool FleetPlaced
);

/// <summary>An accepted shot.</summary>
[GenerateSerializer, Immutable, Alias("battleship.shot")]
public sealed record ShotView(
    [property: Id(0)] int TurnNumber,
    [property: Id(1)] int Player,
    [property: Id(2)] int Cell,
    [property: Id(3)] ShotOutcome Outcome,
    [property: Id(4)] ShipType? SunkShip,
    [property: Id(5)] IReadOnlyList<int>? SunkCells
);

/// <summary>A chat line.</summary>
[GenerateSerializer, Immutable, Alias("battleship.chat")]
public sealed record ChatMessage(
    [property: Id(0)] int Number,
    [property: Id(1)] Participant From,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset At
)
{
    /// <summary>The longest chat line accepted.</summary>
    public const int MaxLength = Limits.ChatLineMaxLength;
}

/// <summary>
/// A match as one viewer may see it. Never holds a ship the viewer must not see. <c>TurnSeconds</c>
/// is the time control: seconds a person has for each shot before losing the match, 0 when the
/// match is untimed (no clock; <c>TurnDeadline</c> stays null). <c>FirstPlayer</c> is the seat that
/// fires first (0 or 1).
/// </summary>
[GenerateSerializer, Immutable, Alias("battleship.match-view")]
public sealed record MatchView(
    [property: Id(0)] Guid MatchId,
    [property: Id(1)] Guid? RoomId,
    [property: Id(2)] MatchStatus Status,
    [property: Id(3)] ViewerRole Role,
    [property: Id(4)] IReadOnlyList<Participant> Players,
    [property: Id(5)] RulesSpec Rules,
    [property: Id(6)] int TurnNumber,
    [property: Id(7)] int? CurrentPlayer,
    [property: Id(8)] DateTimeOffset? TurnDeadline,
    [property: Id(9)] IReadOnlyList<BoardView> Boards,
    [property: Id(10)] ShotView? LastShot,
    [property: Id(11)] int? Winner,
    [property: Id(12)] EndReason? EndReason,
    [property: Id(13)] IReadOnlyList<ChatMessage> Chat,
    [property: Id(14)] int TurnSeconds,
    [property: Id(15)] int FirstPlayer = 0
);

/// <summary>The answer to a shot: the shot and the state of play after it.</summary>
[GenerateSerializer, Immutable, Alias("battleship.fire-result")]
public sealed record FireResult(
    [property: Id(0)] ShotView Shot,
    [property: Id(1)] int TurnNumber,
    [property: Id(2)] int? NextPlayer,
    [property: Id(3)] MatchStatus Status,
    [property: Id(4)] bool Duplicate
);

/// <summary>One entry of a replay: a shot, a resignation or a timeout.</summary>
[GenerateSerializer, Immutable, Alias("battleship.replay-move")]
public sealed record ReplayMove(
    [property: Id(0)] int Number,
    [property: Id(1)] int Player,
    [property: Id(2)] MoveKind Kind,
    [property: Id(3)] ShotView? Shot,
    [property: Id(4)] DateTimeOffset At
);

/// <summary>A match's record for replay; fleets appear as the viewer may see them.</summary>
[GenerateSerializer, Immutable, Alias("battleship.replay")]
public sealed record MatchReplay(
    [property: Id(0)] Guid MatchId,
    [property: Id(1)] IReadOnlyList<Participant> Players,
    [property: Id(2)] RulesSpec Rules,
    [property: Id(3)] int FirstPlayer,
    [property: Id(4)] IReadOnlyList<IReadOnlyList<ShipView>?> Fleets,
    [property: Id(5)] IReadOnlyList<ReplayMove> Moves,
    [property: Id(6)] MatchStatus Status,
    [property: Id(7)] int? Winner,
    [property: Id(8)] EndReason? EndReason,
    [property: Id(9)] Guid? RoomId
);

/// <summary>
/// Something that happened in a match, pushed to every observer. Events carry only public
/// information (what every spectator may know), so one stream serves players and spectators.
/// </summary>
[GenerateSerializer, Immutable, Alias("battleship.match-event")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MatchStartedEvent), "started")]
[JsonDerivedType(typeof(FleetPlacedEvent), "fleetPlaced")]
[JsonDerivedType(typeof(ShotFiredEvent), "shot")]
[JsonDerivedType(typeof(ChatPostedEvent), "chat")]
[JsonDerivedType(typeof(MatchEndedEvent), "ended")]
public abstract record MatchEvent([property: Id(0)] Guid MatchId, [property: Id(1)] int TurnNumber);

/// <summary>Both fleets are placed; <paramref name="CurrentPlayer"/> fires first.</summary>
[GenerateSerializer, Immutable, Alias("battleship.match-started")]
public sealed record MatchStartedEvent(
    Guid MatchId,
    int TurnNumber,
    [property: Id(0)] int CurrentPlayer,
    [property: Id(1)] DateTimeOffset? TurnDeadline
) : MatchEvent(MatchId, TurnNumber);

/// <summary>A player placed a fleet (where, is not said).</summary>
[GenerateSerializer, Immutable, Alias("battleship.fleet-placed")]
public sealed record FleetPlacedEvent(Guid MatchId, int TurnNumber, [property: Id(0)] int Player) : MatchEvent(MatchId, TurnNumber);

/// <summary>A shot was accepted.</summary>
[GenerateSerializer, Immutable, Alias("battleship.shot-fired")]
public sealed record ShotFiredEvent(
    Guid MatchId,
    int TurnNumber,
    [property: Id(0)] ShotView Shot,
    [property: Id(1)] int? NextPlayer,
    [property: Id(2)] DateTimeOffset? TurnDeadline
) : MatchEvent(MatchId, TurnNumber);

/// <summary>A chat line was posted.</summary>
[GenerateSerializer, Immutable, Alias("battleship.chat-posted")]
public sealed record ChatPostedEvent(Guid MatchId, int TurnNumber, [property: Id(0)] ChatMessage Message) : MatchEvent(MatchId, TurnNumber);

/// <summary>The match is over; both fleets are revealed.</summary>
[GenerateSerializer, Immutable, Alias("battleship.match-ended")]
public sealed record MatchEndedEvent(
    Guid MatchId,
    int TurnNumber,
    [property: Id(0)] int Winner,
    [property: Id(1)] EndReason Reason,
    [property: Id(2)] IReadOnlyList<IReadOnlyList<ShipView>> Fleets
) : MatchEvent(MatchId, TurnNumber);

/// <summary>
/// One change of a match as it crosses from the match grain to each gateway, once: the public
/// event and, with the last change of a turn, the match as each kind of viewer may now see it. A
/// gateway hands each view only to its own viewers (<see cref="MatchViews.ViewFor"/>) and never
/// passes the update on whole: the players' views hold their own ships.
/// </summary>
/// <param name="Version">How far the match has come (see <see cref="FollowedView.Version"/>); it never goes down, also across a failover.</param>
/// <param name="Event">What happened (public information only).</param>
/// <param name="Views">
/// The views after this change; null when the next update, sent in the same call, follows at
/// once and carries them (a player's shot and a built-in agent's answer are one turn of the match).
/// </param>
[GenerateSerializer, Immutable, Alias("battleship.match-update")]
public sealed record MatchUpdate([property: Id(0)] long Version, [property: Id(1)] MatchEvent Event, [property: Id(2)] MatchViews? Views)
{
    /// <summary>The match.</summary>
    public Guid MatchId => Event.MatchId;
}

/// <summary>Every kind of viewer's view of a match and the version they show (see <see cref="FollowedView.Version"/>).</summary>
/// <param name="Version">How far the match has come.</param>
/// <param name="Views">The views.</param>
[GenerateSerializer, Immutable, Alias("battleship.match-views-at")]
public sealed record MatchViewsAt([property: Id(0)] long Version, [property: Id(1)] MatchViews Views);

/// <summary>The match as each kind of viewer may see it at one moment.</summary>
/// <param name="PlayerOne">Player one's view.</param>
/// <param name="PlayerTwo">Player two's view.</param>
/// <param name="Spectators">The spectators' view (no ship that has not sunk until the end).</param>
[GenerateSerializer, Immutable, Alias("battleship.match-views")]
public sealed record MatchViews(
    [property: Id(0)] MatchView PlayerOne,
    [property: Id(1)] MatchView PlayerTwo,
    [property: Id(2)] MatchView Spectators
)
{
    /// <summary>The view for the viewers of <paramref name="role"/>.</summary>
    public MatchView ViewFor(ViewerRole role) =>
        role switch
        {
            ViewerRole.PlayerOne => PlayerOne,
            ViewerRole.PlayerTwo => PlayerTwo,
            _ => Spectators,
        };
}

/// <summary>The answer to following a match: the viewer's view and the version it shows.</summary>
/// <param name="Version">
/// How far the match has come: it grows with every change that is announced (a placed fleet, a
/// move, a chat line, the end) and is computed from the stored match, so it keeps growing across
/// reactivations and failovers. A <see cref="MatchUpdate"/> with a higher version is newer than this view.
/// </param>
/// <param name="View">The viewer's view.</param>
[GenerateSerializer, Immutable, Alias("battleship.followed-view")]
public sealed record FollowedView([property: Id(0)] long Version, [property: Id(1)] MatchView View);

/// <summary>A finished match in someone's history.</summary>
/// <remarks>As the archive lists it and the gateway serves it (REST only, never a grain call).</remarks>
/// <param name="Id">The match.</param>
/// <param name="RoomId">Its room, if any.</param>
/// <param name="PlayerOne">Side 0.</param>
/// <param name="PlayerTwo">Side 1.</param>
/// <param name="Winner">0 or 1.</param>
/// <param name="EndReason">Win, Resign, Timeout or Abandoned.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="FinishedAt">End.</param>
/// <param name="MoveCount">Moves played.</param>
public sealed record MatchHistoryItem(
    Guid Id,
    Guid? RoomId,
    ParticipantRef PlayerOne,
    ParticipantRef PlayerTwo,
    int? Winner,
    EndReason EndReason,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int MoveCount
);
