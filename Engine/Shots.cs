namespace Battleship.Engine;

/// <summary>What a shot did.</summary>
public enum ShotOutcome
{
    /// <summary>Open water.</summary>
    Miss,

    /// <summary>A ship was hit and is still afloat.</summary>
    Hit,

    /// <summary>A ship was hit and has now been hit in every cell.</summary>
    Sunk,

    /// <summary>The last ship afloat was sunk: the shooter has won.</summary>
    Win,
}

/// <summary>
/// The result of an accepted shot, as the shooter may know it. When a ship sinks its type and
/// cells are revealed; otherwise nothing about the fleet is.
/// </summary>
/// <param name="Cell">The cell fired at.</param>
/// <param name="Outcome">Miss, hit, sunk or win.</param>
/// <param name="SunkShip">The ship sunk by this shot (on <see cref="ShotOutcome.Sunk"/> and <see cref="ShotOutcome.Win"/>).</param>
/// <param name="SunkCells">The sunk ship's cells, or zero.</param>
public readonly record struct ShotResult(
    int Cell,
    ShotOutcome Outcome,
    ShipType? SunkShip,
    UInt128 SunkCells
)
{
    /// <summary>Whether the shot hit a ship.</summary>
    public bool IsHit => Outcome != ShotOutcome.Miss;
}

/// <summary>Why a move was refused. A refused move changes nothing.</summary>
public enum MoveError
{
    /// <summary>The move was accepted.</summary>
    None,

    /// <summary>The cell is not on the board.</summary>
    OutOfBounds,

    /// <summary>The cell was fired at before.</summary>
    AlreadyFired,

    /// <summary>It is the other player's turn.</summary>
    NotYourTurn,

    /// <summary>The game is over.</summary>
    GameOver,

    /// <summary>Shots wait until both fleets are placed.</summary>
    FleetsNotPlaced,

    /// <summary>The player's fleet is already placed (and stays as it is).</summary>
    FleetAlreadyPlaced,
}

/// <summary>Thrown when a move breaks the rules; the game is unchanged.</summary>
public sealed class InvalidMoveException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public InvalidMoveException(MoveError error, string message)
        : base(message) => Error = error;

    /// <summary>Why the move was refused.</summary>
    public MoveError Error { get; }
}
