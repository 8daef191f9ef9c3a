using System.Runtime.CompilerServices;
using Battleship.Engine.Telemetry;

namespace Battleship.Engine;

/// <summary>The two sides of a game.</summary>
public enum Player
{
    /// <summary>The first player (index 0).</summary>
    One,

    /// <summary>The second player (index 1).</summary>
    Two,
}

/// <summary>Where a game stands.</summary>
public enum GamePhase
{
    /// <summary>Fleets are being placed; no shots yet.</summary>
    Setup,

    /// <summary>Both fleets are placed and players fire in turn.</summary>
    InProgress,

    /// <summary>Someone won (or the other side resigned).</summary>
    Finished,
}

/// <summary>What an entry of the move log records.</summary>
public enum MoveKind
{
    /// <summary>A shot.</summary>
    Shot,

    /// <summary>The player gave up.</summary>
    Resign,
}

/// <summary>One accepted move, as the log keeps it.</summary>
/// <param name="Number">1-based position in the log.</param>
/// <param name="Player">Who moved.</param>
/// <param name="Kind">Shot or resignation.</param>
/// <param name="Cell">The cell fired at (-1 for a resignation).</param>
/// <param name="Outcome">The shot's outcome (<see cref="ShotOutcome.Miss"/> for a resignation).</param>
/// <param name="SunkShip">The ship the shot sank, if any.</param>
public readonly record struct Move(int Number, Player Player, MoveKind Kind, int Cell, ShotOutcome Outcome, ShipType? SunkShip);

/// <summary>Everything needed to replay a game exactly: rules, both fleets, who started and the move log.</summary>
public sealed record GameRecord(GameRules Rules, FleetLayout FleetOne, FleetLayout FleetTwo, Player FirstPlayer, IReadOnlyList<Move> Moves);

/// <summary>Extensions for <see cref="Player"/>.</summary>
public static class PlayerExtensions
{
    /// <summary>The other side.</summary>
    public static Player Opponent(this Player player) => player == Player.One ? Player.Two : Player.One;
}

/// <summary>
/// A two-player game: setup, turn rotation, shots, sinking, victory and the move log. Every
/// refused move throws <see cref="InvalidMoveException"/> or <see cref="InvalidPlacementException"/>
/// and leaves the game exactly as it was. Not thread-safe: one owner (a grain) drives it.
/// </summary>
public sealed class BattleshipGame
{
    private readonly Ocean?[] _oceans = new Ocean?[2];
    private readonly FleetLayout?[] _layouts = new FleetLayout?[2];
    private readonly List<Move> _moves;
#if !BATTLESHIP_NO_TELEMETRY
    private GameTelemetry? _telemetry; // null unless something listened when the game started
#endif

    /// <summary>Starts a game in the setup phase.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="firstPlayer">Who fires first.</param>
    /// <param name="gameId">The owner's id of the game, carried by its spans (never by a metric label).</param>
    /// <param name="instrumented">
    /// Whether the game emits telemetry from the start (see <see cref="EngineTelemetry"/>); false for a
    /// game rebuilt from its log, which calls <see cref="ResumeTelemetry"/> once rebuilt.
    /// </param>
    public BattleshipGame(GameRules rules, Player firstPlayer = Player.One, string? gameId = null, bool instrumented = true)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        FirstPlayer = firstPlayer;
        CurrentPlayer = firstPlayer;
        _moves = new List<Move>(2 * rules.Cells + 1); // sized so that no shot allocates
#if !BATTLESHIP_NO_TELEMETRY
        if (instrumented)
        {
            _telemetry = GameTelemetry.Begin(gameId, firstPlayer, resumed: false);
        }
#endif
    }

    /// <summary>
    /// Starts emitting telemetry for a game built with <c>instrumented: false</c> and rebuilt from its
    /// log (the moves replayed so far are not counted again). Does nothing for a finished game, or
    /// when the game already emits.
    /// </summary>
    /// <param name="gameId">The owner's id of the game, carried by its spans.</param>
    public void ResumeTelemetry(string? gameId)
    {
#if !BATTLESHIP_NO_TELEMETRY
        if (_telemetry is null && Phase != GamePhase.Finished)
        {
            _telemetry = GameTelemetry.Begin(gameId, CurrentPlayer, resumed: Phase == GamePhase.InProgress);
        }
#else
        _ = (gameId, Phase);
#endif
    }

    /// <summary>The rules.</summary>
    public GameRules Rules { get; }

    /// <summary>Setup, in progress or finished.</summary>
    public GamePhase Phase { get; private set; } = GamePhase.Setup;

    /// <summary>Who fired (or fires) first.</summary>
    public Player FirstPlayer { get; }

    /// <summary>Whose turn it is (meaningful while in progress).</summary>
    public Player CurrentPlayer { get; private set; }

    /// <summary>The winner once the game is finished.</summary>
    public Player? Winner { get; private set; }

    /// <summary>The number of accepted moves so far; a client sends it back with its next move to detect stale or repeated requests.</summary>
    public int TurnNumber => _moves.Count;

    /// <summary>The log of accepted moves, oldest first.</summary>
    public IReadOnlyList<Move> Moves => _moves;

    /// <summary>Whether <paramref name="player"/> has placed a fleet.</summary>
    public bool HasPlacedFleet(Player player) => _layouts[(int)player] is not null;

    /// <summary>The fleet of <paramref name="player"/> (hidden information: for its owner, or after the end).</summary>
    public FleetLayout? FleetOf(Player player) => _layouts[(int)player];

    /// <summary>The ocean holding <paramref name="player"/>'s fleet (the one the opponent fires at), once placed.</summary>
    public Ocean? OceanOf(Player player) => _oceans[(int)player];

    /// <summary>What <paramref name="player"/> knows about the opponent's ocean.</summary>
    public TargetView ViewOfOpponent(Player player) =>
        _oceans[(int)player.Opponent()]?.View ?? new TargetView(Rules, UInt128.Zero, UInt128.Zero, UInt128.Zero, AllAfloat(Rules));

    /// <summary>Places <paramref name="player"/>'s fleet; when both are placed the game starts.</summary>
    public void PlaceFleet(Player player, FleetLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!ReferenceEquals(layout.Rules, Rules))
        {
            throw new ArgumentException("The layout was made for other rules.", nameof(layout));
        }
        if (Phase == GamePhase.Finished)
        {
            throw Ocean.Refused(MoveError.GameOver, -1);
        }
        if (HasPlacedFleet(player))
        {
            throw Ocean.Refused(MoveError.FleetAlreadyPlaced, -1);
        }
        _layouts[(int)player] = layout;
        _oceans[(int)player] = new Ocean(layout);
        if (HasPlacedFleet(Player.One) && HasPlacedFleet(Player.Two))
        {
            Phase = GamePhase.InProgress;
#if !BATTLESHIP_NO_TELEMETRY
            _telemetry?.PlayStarted();
#endif
        }
    }

    /// <summary>
    /// Places a fleet drawn uniformly at random for <paramref name="seed"/>
    /// (<see cref="FleetLayout.Random(GameRules, ulong)"/>) for <paramref name="player"/>, and returns it.
    /// </summary>
    public FleetLayout PlaceRandomFleet(Player player, ulong seed)
    {
#if !BATTLESHIP_NO_TELEMETRY
        System.Diagnostics.Activity? previous = null;
        var span = _telemetry is null ? null : _telemetry.SetupRandomStarting(player, out previous);
        try
        {
#endif
        var layout = FleetLayout.Random(Rules, seed);
        PlaceFleet(player, layout);
        return layout;
#if !BATTLESHIP_NO_TELEMETRY
        }
        finally
        {
            if (span is not null)
            {
                EngineTelemetry.End(span, previous);
            }
        }
#endif
    }

    /// <summary>Validates and places <paramref name="placements"/> for <paramref name="player"/>.</summary>
    public void PlaceFleet(Player player, IEnumerable<ShipPlacement> placements) =>
        PlaceFleet(player, FleetLayout.Create(Rules, placements));

    /// <summary>Fires for <paramref name="player"/> at <paramref name="cell"/>; throws <see cref="InvalidMoveException"/> if refused.</summary>
    public ShotResult Fire(Player player, int cell)
    {
        var error = TryFire(player, cell, out var result);
        return error == MoveError.None ? result : throw Ocean.Refused(error, cell);
    }

    /// <summary>Fires at (row, column) for <paramref name="player"/>.</summary>
    public ShotResult Fire(Player player, int row, int column) =>
        Fire(player, Rules.IsOnBoard(row, column) ? Rules.CellAt(row, column) : -1);

    /// <summary>Fires without throwing: <see cref="MoveError.None"/> and the result, or the reason the shot was refused.</summary>
    public MoveError TryFire(Player player, int cell, out ShotResult result)
    {
#if BATTLESHIP_NO_TELEMETRY
        return Shoot(player, cell, out result);
#else
        var telemetry = _telemetry;
        if (telemetry is null)
        {
            return Shoot(player, cell, out result);
        }
        var phase = Phase;
        var error = Shoot(player, cell, out result);
        Observe(telemetry, player, error, result, phase);
        return error;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MoveError Shoot(Player player, int cell, out ShotResult result)
    {
        result = default;
        if (Phase == GamePhase.Finished)
        {
            return MoveError.GameOver;
        }
        if (Phase == GamePhase.Setup)
        {
            return MoveError.FleetsNotPlaced;
        }
        if (player != CurrentPlayer)
        {
            return MoveError.NotYourTurn;
        }
        var error = _oceans[(int)player.Opponent()]!.TryFire(cell, out result);
        if (error != MoveError.None)
        {
            return error;
        }
        _moves.Add(new Move(_moves.Count + 1, player, MoveKind.Shot, cell, result.Outcome, result.SunkShip));
        if (result.Outcome == ShotOutcome.Win)
        {
            Phase = GamePhase.Finished;
            Winner = player;
        }
        else if (!(result.IsHit && Rules.HitKeepsTurn))
        {
            CurrentPlayer = player.Opponent();
        }
        return MoveError.None;
    }

    /// <summary><paramref name="player"/> gives up; the opponent wins. Allowed during setup and play.</summary>
    public void Resign(Player player)
    {
        if (Phase == GamePhase.Finished)
        {
            throw Ocean.Refused(MoveError.GameOver, -1);
        }
        _moves.Add(new Move(_moves.Count + 1, player, MoveKind.Resign, -1, ShotOutcome.Miss, null));
        Phase = GamePhase.Finished;
        Winner = player.Opponent();
#if !BATTLESHIP_NO_TELEMETRY
        _telemetry?.Completed(player.Opponent(), "resign", _moves.Count);
        _telemetry = null;
#endif
    }

#if !BATTLESHIP_NO_TELEMETRY
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Observe(GameTelemetry telemetry, Player player, MoveError error, in ShotResult result, GamePhase phase)
    {
        telemetry.Shot(player, error, result, phase);
        if (error == MoveError.None && result.Outcome == ShotOutcome.Win)
        {
            telemetry.Completed(player, "win", _moves.Count);
            _telemetry = null;
        }
    }
#endif

    /// <summary>The record of this game, from which <see cref="Replay(GameRecord)"/> rebuilds it; needs both fleets placed.</summary>
    public GameRecord ToRecord() =>
        new(
            Rules,
            _layouts[0] ?? throw new InvalidOperationException("Player One has not placed a fleet."),
            _layouts[1] ?? throw new InvalidOperationException("Player Two has not placed a fleet."),
            FirstPlayer,
            [.. _moves]
        );

    /// <summary>
    /// Rebuilds a game by applying the recorded moves to the recorded fleets. Throws
    /// <see cref="InvalidOperationException"/> if any recorded move is refused or differs in any
    /// field (number, player, kind, cell, outcome, sunk ship) from the replayed one (a corrupt or
    /// tampered log).
    /// </summary>
    public static BattleshipGame Replay(GameRecord record) => Replay(record, record?.Moves.Count ?? 0);

    /// <summary>Rebuilds the game as it stood after the first <paramref name="moveCount"/> moves of <paramref name="record"/>.</summary>
    public static BattleshipGame Replay(GameRecord record, int moveCount)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfNegative(moveCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(moveCount, record.Moves.Count);
        var game = new BattleshipGame(record.Rules, record.FirstPlayer, gameId: null, instrumented: false);
        game.PlaceFleet(Player.One, record.FleetOne);
        game.PlaceFleet(Player.Two, record.FleetTwo);
        for (var i = 0; i < moveCount; i++)
        {
            var move = record.Moves[i];
            MoveError error;
            if (move.Kind == MoveKind.Resign)
            {
                error = game.Phase == GamePhase.Finished ? MoveError.GameOver : MoveError.None;
                if (error == MoveError.None)
                {
                    game.Resign(move.Player);
                }
            }
            else
            {
                error = game.TryFire(move.Player, move.Cell, out _);
            }
            // The replayed entry must equal the recorded one in every field: number, player,
            // kind, cell, outcome and sunk ship.
            if (error != MoveError.None || game._moves[^1] != move)
            {
                throw new InvalidOperationException(
                    $"Move {move.Number} does not replay: recorded {move}, got {(error == MoveError.None ? game._moves[^1] : error)}."
                );
            }
        }
        return game;
    }

    private static uint AllAfloat(GameRules rules) => (1u << rules.Fleet.Length) - 1;
}
