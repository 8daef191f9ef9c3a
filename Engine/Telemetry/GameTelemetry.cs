using System.Diagnostics;

namespace Battleship.Engine.Telemetry;

/// <summary>
/// The telemetry of one <see cref="BattleshipGame"/>: its <see cref="EngineTelemetry.GameSpan"/>
/// span (when traced), the child spans of its moves, and the game metrics. Exists only for games
/// started while something listened; attributes never carry cells, boards or fleets.
/// </summary>
internal sealed class GameTelemetry
{
    private readonly Activity? _game;
    private readonly string? _gameId;
    private long _playStartedAt;

    private GameTelemetry(Activity? game, string? gameId)
    {
        _game = game;
        _gameId = gameId;
    }

    /// <summary>Starts the telemetry of a game, or returns null when nothing listens.</summary>
    /// <param name="gameId">The owner's id of the game, for the span; never a metric label.</param>
    /// <param name="firstPlayer">Who moves first.</param>
    /// <param name="resumed">Whether the game was rebuilt from its log rather than started.</param>
    public static GameTelemetry? Begin(string? gameId, Player firstPlayer, bool resumed)
    {
        if (!EngineTelemetry.IsGameObserved)
        {
            return null;
        }
        var game = EngineTelemetry.StartDetached(EngineTelemetry.GameSpan);
        if (game is not null)
        {
            if (gameId is not null)
            {
                game.SetTag(EngineTelemetry.GameIdAttribute, gameId);
            }
            game.SetTag(EngineTelemetry.PlayerLabel, EngineTelemetry.PlayerName(firstPlayer));
            game.SetTag(EngineTelemetry.PhaseAttribute, resumed ? "in_progress" : "setup");
            if (resumed)
            {
                game.SetTag(EngineTelemetry.ResumedAttribute, true);
            }
        }
        var telemetry = new GameTelemetry(game, gameId);
        if (resumed)
        {
            telemetry._playStartedAt = Stopwatch.GetTimestamp();
        }
        return telemetry;
    }

    /// <summary>A fleet drawn at random for <paramref name="player"/>: a <see cref="EngineTelemetry.SetupRandomSpan"/> span.</summary>
    public Activity? SetupRandomStarting(Player player, out Activity? previous)
    {
        previous = null;
        if (_game is null)
        {
            return null;
        }
        var span = EngineTelemetry.StartChild(EngineTelemetry.SetupRandomSpan, _game, out previous);
        if (span is not null)
        {
            Describe(span, player, GamePhase.Setup);
        }
        return span;
    }

    /// <summary>Both fleets are placed: play starts.</summary>
    public void PlayStarted()
    {
        _playStartedAt = Stopwatch.GetTimestamp();
        _game?.SetTag(EngineTelemetry.PhaseAttribute, EngineTelemetry.PhaseName(GamePhase.InProgress));
        EngineTelemetry.GamesStarted.Add(1);
    }

    /// <summary>A shot by <paramref name="player"/> was accepted (<paramref name="error"/> none) or refused.</summary>
    public void Shot(Player player, MoveError error, in ShotResult result, GamePhase phase)
    {
        var label = error == MoveError.None ? EngineTelemetry.ResultName(result.Outcome) : "invalid";
        EngineTelemetry.Shots.Add(
            1,
            new KeyValuePair<string, object?>(EngineTelemetry.ResultLabel, label),
            new KeyValuePair<string, object?>(EngineTelemetry.PlayerLabel, EngineTelemetry.PlayerName(player))
        );
        if (_game is null)
        {
            return;
        }
        var span = EngineTelemetry.StartChild(EngineTelemetry.MakeMoveSpan, _game, out var previous);
        if (span is null)
        {
            return;
        }
        Describe(span, player, phase);
        if (error == MoveError.None)
        {
            span.SetTag(EngineTelemetry.ShotResultAttribute, label);
            if (result.SunkShip is { } ship)
            {
                span.SetTag(EngineTelemetry.ShipTypeAttribute, EngineTelemetry.ShipName(ship));
            }
        }
        else
        {
            span.SetTag(EngineTelemetry.ShotResultAttribute, EngineTelemetry.ErrorName(error));
            span.SetStatus(ActivityStatusCode.Error, "move refused");
        }
        EngineTelemetry.End(span, previous);
    }

    /// <summary>The game ended: <paramref name="winner"/> won by <paramref name="outcome"/> (<c>win</c> or <c>resign</c>) after <paramref name="moves"/> moves.</summary>
    public void Completed(Player winner, string outcome, int moves)
    {
        EngineTelemetry.GamesCompleted.Add(1, new KeyValuePair<string, object?>(EngineTelemetry.OutcomeLabel, outcome));
        if (_playStartedAt != 0)
        {
            EngineTelemetry.GameDuration.Record(Stopwatch.GetElapsedTime(_playStartedAt).TotalSeconds);
        }
        if (_game is null)
        {
            return;
        }
        var span = EngineTelemetry.StartChild(EngineTelemetry.GameCompleteSpan, _game, out var previous);
        if (span is not null)
        {
            Describe(span, winner, GamePhase.Finished);
            EngineTelemetry.EndComplete(span, previous, outcome, moves);
        }
        EngineTelemetry.StopFinished(_game, outcome, moves);
    }

    private void Describe(Activity span, Player player, GamePhase phase)
    {
        if (_gameId is not null)
        {
            span.SetTag(EngineTelemetry.GameIdAttribute, _gameId);
        }
        span.SetTag(EngineTelemetry.PlayerLabel, EngineTelemetry.PlayerName(player));
        span.SetTag(EngineTelemetry.PhaseAttribute, EngineTelemetry.PhaseName(phase));
    }
}
