namespace Battleship.Grains;

/// <summary>Why a grain refused a request. The gateway maps each code to an HTTP status and a hub error.</summary>
public enum ErrorCode
{
    /// <summary>The thing asked for does not exist.</summary>
    NotFound,

    /// <summary>The request is malformed (a name too long, a bad page size, …).</summary>
    Validation,

    /// <summary>The caller takes no part in this room or match.</summary>
    NotAMember,

    /// <summary>Only the room's owner may do this.</summary>
    NotOwner,

    /// <summary>The room or match is not in a state that allows this.</summary>
    InvalidTransition,

    /// <summary>No seat (or spectator place) is free.</summary>
    RoomFull,

    /// <summary>It is the other player's turn.</summary>
    NotYourTurn,

    /// <summary>The cell is not on the board.</summary>
    OutOfBounds,

    /// <summary>The cell was fired at before.</summary>
    AlreadyFired,

    /// <summary>The match is over.</summary>
    GameOver,

    /// <summary>Shots wait until both fleets are placed.</summary>
    FleetsNotPlaced,

    /// <summary>The fleet is already placed.</summary>
    FleetAlreadyPlaced,

    /// <summary>The fleet layout breaks the rules.</summary>
    InvalidPlacement,

    /// <summary>The move was made against a turn number that is no longer current.</summary>
    StaleTurn,

    /// <summary>A service the request needs (for example a trainer silo) is not available.</summary>
    Unavailable,

    /// <summary>The match has not ended: what is asked for (an analysis of its moves) is for finished matches only.</summary>
    MatchNotFinished,
}

/// <summary>A request refused by a grain: nothing changed. Carries a code for the API and hubs.</summary>
[GenerateSerializer, Alias("battleship.error")]
public sealed class BattleshipException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BattleshipException(ErrorCode code, string message)
        : base(message) => Code = code;

    /// <summary>Creates an exception with a generic message (for serializers).</summary>
    public BattleshipException()
        : this(ErrorCode.Validation, "The request was refused.") { }

    /// <summary>Creates an exception with a message and the <see cref="ErrorCode.Validation"/> code.</summary>
    public BattleshipException(string message)
        : this(ErrorCode.Validation, message) { }

    /// <summary>Creates an exception wrapping another.</summary>
    public BattleshipException(string message, Exception innerException)
        : base(message, innerException) => Code = ErrorCode.Validation;

    /// <summary>Why the request was refused.</summary>
    [Id(0)]
    public ErrorCode Code { get; init; }
}
