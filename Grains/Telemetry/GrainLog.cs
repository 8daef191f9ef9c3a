using Battleship.Engine;
using Battleship.Grains.Models;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains.Telemetry;

/// <summary>
/// The game grains' structured log events (LoggerMessage source generator). Each carries the
/// match id (<c>GameId</c>) and, where it applies, the seat (<c>Player</c>, 0 or 1); the trace and
/// span ids come from the current activity (the grain call). Never a cell of a ship, a board or a
/// fleet. The engine's spans and metrics for the same game are named in
/// <see cref="Battleship.Engine.Telemetry.EngineTelemetry"/>.
/// </summary>
internal static partial class GrainLog
{
    /// <summary>Both fleets are placed and play starts.</summary>
    [LoggerMessage(2001, LogLevel.Information, "Game {GameId} started; player {Player} fires first")]
    public static partial void GameStarted(ILogger logger, Guid gameId, int player);

    /// <summary>A move was refused (the player gets a typed error; nothing changed).</summary>
    [LoggerMessage(2002, LogLevel.Information, "Game {GameId}: a move by player {Player} was refused ({Error})")]
    public static partial void InvalidMove(ILogger logger, Guid gameId, int player, MoveError error);

    [LoggerMessage(2003, LogLevel.Information, "Game {GameId} completed: player {Player} won by {Reason} after {Moves} moves")]
    public static partial void GameCompleted(ILogger logger, Guid gameId, int player, EndReason reason, int moves);
}
