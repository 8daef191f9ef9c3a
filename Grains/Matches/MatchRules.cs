using Battleship.Engine;
using Battleship.Engine.Policies;
using Battleship.Grains.Models;
using Battleship.Grains.State;
using Battleship.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains.Matches;

/// <summary>What the turn clock says about a turn (<see cref="MatchRules.Clock"/>).</summary>
internal enum TurnClock
{
    /// <summary>No clock runs for that turn: it is over, the match is not in play, or nobody is on the clock.</summary>
    NotRunning,

    /// <summary>The player to move still has time.</summary>
    Running,

    /// <summary>The player to move ran out of time and forfeits.</summary>
    RanOut,
}

/// <summary>
/// The rules of one match over its state (<see cref="MatchState"/>) and its engine game: who may do
/// what when, what each command changes, whose turn it is and until when, and who won. A command
/// either changes the match or throws a <see cref="BattleshipException"/> and changes nothing. It
/// does no I/O and reads no clock: the caller passes the time, stores what changed and announces it.
/// The <c>Replay…</c> methods apply a stored command without checking or logging it again, through
/// the same steps, so a match rebuilt from its log is the match that was played.
/// </summary>
/// <param name="matchId">The match's id (its logs and its engine game carry it).</param>
/// <param name="chatHistory">How many chat lines the match keeps (the newest).</param>
/// <param name="logger">The match's log: starts, ends and refused moves (never a ship's cell).</param>
internal sealed class MatchRules(Guid matchId, int chatHistory, ILogger logger)
{
    private BattleshipGame? _game;

    public Guid MatchId { get; } = matchId;

    /// <summary>The state, as stored and projected (hidden information: see <see cref="MatchProjection"/>).</summary>
    public MatchState State { get; private set; } = new();

    private MatchState S => State;

    /// <summary>Whether the match was started (or rebuilt from a log that starts it).</summary>
    public bool IsStarted => _game is not null;

    /// <summary>The engine's game; <see cref="ErrorCode.NotFound"/> before the start.</summary>
    public BattleshipGame Game => _game ?? throw new BattleshipException(ErrorCode.NotFound, "No such match.");

    /// <summary>The seat to move while the match is in play, otherwise null.</summary>
    public int? PlayerToMove => S.Status == MatchStatus.InProgress ? (int)Game.CurrentPlayer : null;

    /// <summary>Whether the seat whose turn it is belongs to an agent.</summary>
    public bool IsAgentTurn => S.Players[(int)Game.CurrentPlayer].Kind == ParticipantKind.Agent;

    /// <summary>Whether the match ended but was not yet rated, archived and reported.</summary>
    public bool AwaitsCompletion => S.Status == MatchStatus.Finished && !S.Completed;

    /// <summary>
    /// How far the match has come: the fleets placed, the moves, the chat lines ever posted, and one
    /// for the completion. Each change that is announced adds at least one, and all of it is stored,
    /// so the version keeps growing across reactivations and failovers (see <see cref="FollowedView.Version"/>).
    /// </summary>
    public long Version =>
        (Game.HasPlacedFleet(Player.One) ? 1 : 0)
        + (Game.HasPlacedFleet(Player.Two) ? 1 : 0)
        + S.Moves.Count
        + S.ChatCount
        + (S.Completed ? 1 : 0);

    // ---- Start ----

    /// <summary>Throws <see cref="ErrorCode.Validation"/> for a setup that cannot start a match.</summary>
    public static void Validate(MatchSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.PlayerOne.Id == setup.PlayerTwo.Id)
        {
            throw new BattleshipException(ErrorCode.Validation, "A match needs two different players.");
        }
        if (setup.FirstPlayer is not (0 or 1))
        {
            throw new BattleshipException(ErrorCode.Validation, "The first player is 0 or 1.");
        }
        if (setup.TurnTimeout is { } t && t != TimeSpan.Zero && (t < TimeSpan.FromSeconds(1) || t > TimeSpan.FromHours(24)))
        {
            throw new BattleshipException(ErrorCode.Validation, "A turn lasts 1 second to 24 hours, or zero for no clock (untimed).");
        }
    }

    /// <summary>
    /// Whether the match already started with <paramref name="setup"/>'s players (a repeated start,
    /// answered as the first); <see cref="ErrorCode.InvalidTransition"/> when it started with others.
    /// </summary>
    public bool WasStartedBy(MatchSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (S.Status == MatchStatus.None)
        {
            return false;
        }
        var same = S.Players.Count == 2 && S.Players[0].Id == setup.PlayerOne.Id && S.Players[1].Id == setup.PlayerTwo.Id;
        return same ? true : throw new BattleshipException(ErrorCode.InvalidTransition, "The match has already started.");
    }

    /// <summary>
    /// Starts the match from a validated <paramref name="setup"/>, with the fleets of the agents
    /// that placed theirs already (by seat, null for a person); returns whether play began (both
    /// fleets placed).
    /// </summary>
    public bool Start(
        MatchSetup setup,
        IReadOnlyList<IReadOnlyList<FleetPlacement>?> agentFleets,
        TimeSpan defaultTurnTimeout,
        DateTimeOffset now
    )
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(agentFleets);
        var rules = setup.Rules.ToRules();
        var fleets = agentFleets
            .Select(f => f is null ? null : FleetLayout.Create(rules, f.Select(FleetPlacements.ToShipPlacement)))
            .ToList();
        var fixedAtStart = new MatchState
        {
            Players = [ParticipantState.From(setup.PlayerOne), ParticipantState.From(setup.PlayerTwo)],
            Rules = RulesState.From(setup.Rules),
            FirstPlayer = setup.FirstPlayer,
            TurnTimeoutSeconds = (setup.TurnTimeout ?? defaultTurnTimeout).TotalSeconds,
            Seed = setup.Seed,
            RoomId = setup.RoomId,
            StartedAt = now,
        };
        Open(fixedAtStart, new BattleshipGame(rules, (Player)setup.FirstPlayer, MatchId.ToString()), fleets);
        return BeginPlayIfReady(now, live: true);
    }

    /// <summary>
    /// Rebuilds the start from what was fixed then: <paramref name="setup"/>, a new state holding the
    /// players, rules, clock, seed, room, start time and the fleets placed by then, becomes the state.
    /// </summary>
    public void ReplayStart(MatchState setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var rules = setup.Rules.ToSpec().ToRules();
        FleetLayout? FleetOf(List<PlacementState>? placements) =>
            placements is null ? null : FleetLayout.Create(rules, placements.Select(p => p.ToPlacement()));
        Open(
            setup,
            new BattleshipGame(rules, (Player)setup.FirstPlayer, gameId: null, instrumented: false),
            [FleetOf(setup.FleetOne), FleetOf(setup.FleetTwo)]
        );
        BeginPlayIfReady(setup.StartedAt, live: false);
    }

    /// <summary>Opens the match with <paramref name="setup"/> (new, holding what the start fixed) as its state.</summary>
    private void Open(MatchState setup, BattleshipGame game, List<FleetLayout?> fleets)
    {
        State = setup;
        S.Status = MatchStatus.Placing;
        for (var i = 0; i < 2; i++)
        {
            if (fleets[i] is { } fleet)
            {
                game.PlaceFleet((Player)i, fleet);
                SetFleet(i, fleet);
            }
        }
        _game = game;
    }

    // ---- Seats ----

    /// <summary>The seat of player <paramref name="userId"/>; <see cref="ErrorCode.NotAMember"/> for anyone else.</summary>
    public int SeatOf(Guid userId)
    {
        _ = Game;
        for (var i = 0; i < S.Players.Count; i++)
        {
            if (S.Players[i].Kind == ParticipantKind.User && S.Players[i].Id == userId)
            {
                return i;
            }
        }
        throw new BattleshipException(ErrorCode.NotAMember, "You do not play in this match.");
    }

    /// <summary>Whether <paramref name="userId"/> is one of the people who play.</summary>
    public bool IsPlayer(Guid userId) => S.Players.Any(p => p.Kind == ParticipantKind.User && p.Id == userId);

    /// <summary>Which side <paramref name="viewerId"/> sees: their own seat, or a spectator's.</summary>
    public ViewerRole RoleOf(Guid viewerId)
    {
        for (var i = 0; i < S.Players.Count; i++)
        {
            if (S.Players[i].Kind == ParticipantKind.User && S.Players[i].Id == viewerId)
            {
                return (ViewerRole)i;
            }
        }
        return ViewerRole.Spectator;
    }

    // ---- Placement ----

    /// <summary>
    /// Places seat <paramref name="player"/>'s fleet: <paramref name="placements"/>, or a random one
    /// drawn with <paramref name="randomSeed"/> when null. Returns the fleet and whether play began.
    /// </summary>
    public (FleetLayout Fleet, bool Began) PlaceFleet(
        int player,
        IReadOnlyList<FleetPlacement>? placements,
        ulong randomSeed,
        DateTimeOffset now
    )
    {
        if (S.Status == MatchStatus.Finished)
        {
            throw new BattleshipException(ErrorCode.GameOver, "The match is over.");
        }
        if (Game.HasPlacedFleet((Player)player))
        {
            throw new BattleshipException(ErrorCode.FleetAlreadyPlaced, "Your fleet is already placed.");
        }
        FleetLayout fleet;
        if (placements is null)
        {
            fleet = Game.PlaceRandomFleet((Player)player, randomSeed);
        }
        else if (FleetLayout.TryCreate(Game.Rules, placements.Select(FleetPlacements.ToShipPlacement), out var layout, out var problem))
        {
            fleet = layout;
            Game.PlaceFleet((Player)player, fleet);
        }
        else
        {
            throw new BattleshipException(ErrorCode.InvalidPlacement, problem.Message);
        }
        SetFleet(player, fleet);
        return (fleet, BeginPlayIfReady(now, live: true));
    }

    /// <summary>Places a stored fleet again.</summary>
    public void ReplayPlacement(int player, IEnumerable<PlacementState> placements, DateTimeOffset at)
    {
        var fleet = FleetLayout.Create(Game.Rules, placements.Select(p => p.ToPlacement()));
        Game.PlaceFleet((Player)player, fleet);
        SetFleet(player, fleet);
        BeginPlayIfReady(at, live: false);
    }

    private void SetFleet(int player, FleetLayout fleet)
    {
        var placements = fleet.Placements.Select(PlacementState.From).ToList();
        if (player == 0)
        {
            S.FleetOne = placements;
        }
        else
        {
            S.FleetTwo = placements;
        }
    }

    /// <summary>Starts play once both fleets are placed (the first player's clock starts); returns whether it did.</summary>
    private bool BeginPlayIfReady(DateTimeOffset now, bool live)
    {
        if (S.Status != MatchStatus.Placing || Game.Phase != GamePhase.InProgress)
        {
            return false;
        }
        S.Status = MatchStatus.InProgress;
        S.TurnDeadline = DeadlineFor((int)Game.CurrentPlayer, now);
        if (live)
        {
            GrainLog.GameStarted(logger, MatchId, (int)Game.CurrentPlayer);
        }
        return true;
    }

    // ---- Shots ----

    /// <summary>
    /// The shot already accepted as turn <paramref name="expectedTurn"/>'s move, when it was
    /// <paramref name="player"/>'s at <paramref name="cell"/> (a retried request), otherwise null.
    /// </summary>
    public MoveState? EarlierShot(int player, int cell, int expectedTurn)
    {
        if (expectedTurn < 0 || expectedTurn >= S.Moves.Count)
        {
            return null;
        }
        var earlier = S.Moves[expectedTurn];
        return earlier.Player == player && earlier.Kind == MoveKind.Shot && earlier.Cell == cell ? earlier : null;
    }

    /// <summary>Whether a player saw turn <paramref name="expectedTurn"/>, which this match has not reached (another copy of it played on).</summary>
    public bool IsBehind(int expectedTurn) => _game is not null && expectedTurn > _game.TurnNumber;

    /// <summary>Who moves after <paramref name="shot"/> (null once it won): the shooter again after a hit when a hit keeps the turn.</summary>
    public int? NextAfter(MoveState shot)
    {
        ArgumentNullException.ThrowIfNull(shot);
        if (shot.Outcome == ShotOutcome.Win)
        {
            return null;
        }
        return shot.Outcome != ShotOutcome.Miss && S.Rules.HitKeepsTurn ? shot.Player : 1 - shot.Player;
    }

    /// <summary>
    /// Seat <paramref name="player"/>'s shot at <paramref name="cell"/>, which the player aimed at turn
    /// <paramref name="expectedTurn"/>: refused as <see cref="ErrorCode.GameOver"/>,
    /// <see cref="ErrorCode.FleetsNotPlaced"/>, <see cref="ErrorCode.StaleTurn"/> or the engine's refusal.
    /// </summary>
    public MoveState Fire(int player, int cell, int expectedTurn, DateTimeOffset now)
    {
        switch (S.Status)
        {
            case MatchStatus.Finished:
                throw new BattleshipException(ErrorCode.GameOver, "The match is over.");
            case MatchStatus.Placing:
                throw new BattleshipException(ErrorCode.FleetsNotPlaced, "Both fleets must be placed before the first shot.");
        }
        if (expectedTurn != Game.TurnNumber)
        {
            throw new BattleshipException(ErrorCode.StaleTurn, $"The match is at turn {Game.TurnNumber}, not {expectedTurn}.");
        }
        return Fire(player, cell, now);
    }

    /// <summary>Seat <paramref name="player"/>'s shot at <paramref name="cell"/> in the current turn (an agent's, or a checked player's).</summary>
    public MoveState Fire(int player, int cell, DateTimeOffset now)
    {
        var error = Game.TryFire((Player)player, cell, out var result);
        if (error != MoveError.None)
        {
            GrainLog.InvalidMove(logger, MatchId, player, error);
            throw new BattleshipException(ToCode(error), ErrorText(error, cell));
        }
        var move = RecordShot(player, cell, result.Outcome, result.SunkShip, now);
        if (S.Status == MatchStatus.Finished)
        {
            Ended();
        }
        return move;
    }

    /// <summary>Fires a stored shot again; false when it does not have its stored outcome (the log does not replay).</summary>
    public bool ReplayShot(int player, int cell, ShotOutcome outcome, ShipType? sunkShip, DateTimeOffset at)
    {
        if (Game.Fire((Player)player, cell).Outcome != outcome)
        {
            return false;
        }
        RecordShot(player, cell, outcome, sunkShip, at);
        return true;
    }

    private MoveState RecordShot(int player, int cell, ShotOutcome outcome, ShipType? sunkShip, DateTimeOffset at)
    {
        var move = new MoveState
        {
            Number = Game.TurnNumber,
            Player = player,
            Kind = MoveKind.Shot,
            Cell = cell,
            Outcome = outcome,
            SunkShip = sunkShip,
            At = at,
        };
        S.Moves.Add(move);
        if (Game.Phase == GamePhase.Finished)
        {
            SetFinished(player, EndReason.Win, at);
        }
        else
        {
            S.TurnDeadline = DeadlineFor((int)Game.CurrentPlayer, at);
        }
        return move;
    }

    // ---- Resignation and the clock ----

    /// <summary>Seat <paramref name="player"/> resigns; <see cref="ErrorCode.GameOver"/> once the match is over.</summary>
    public MoveState Resign(int player, DateTimeOffset now)
    {
        if (S.Status == MatchStatus.Finished)
        {
            throw new BattleshipException(ErrorCode.GameOver, "The match is over.");
        }
        return Forfeit(player, EndReason.Resign, now);
    }

    /// <summary>Seat <paramref name="loser"/> loses by <paramref name="reason"/> (resignation or time); the opponent wins.</summary>
    public MoveState Forfeit(int loser, EndReason reason, DateTimeOffset now)
    {
        var move = RecordForfeit(loser, reason, now);
        Ended();
        return move;
    }

    /// <summary>Applies a stored resignation or loss on time again.</summary>
    public void ReplayForfeit(int loser, EndReason reason, DateTimeOffset at) => RecordForfeit(loser, reason, at);

    private MoveState RecordForfeit(int loser, EndReason reason, DateTimeOffset at)
    {
        Game.Resign((Player)loser);
        var move = new MoveState
        {
            Number = Game.TurnNumber,
            Player = loser,
            Kind = MoveKind.Resign,
            Cell = -1,
            At = at,
        };
        S.Moves.Add(move);
        SetFinished(1 - loser, reason, at);
        return move;
    }

    /// <summary>What the turn clock says at <paramref name="now"/> about turn <paramref name="turnNumber"/>.</summary>
    public TurnClock Clock(int turnNumber, DateTimeOffset now)
    {
        if (S.Status != MatchStatus.InProgress || Game.TurnNumber != turnNumber || S.TurnDeadline is not { } deadline)
        {
            return TurnClock.NotRunning;
        }
        return now < deadline ? TurnClock.Running : TurnClock.RanOut;
    }

    /// <summary>
    /// Puts the agent on turn on the clock as a person is (its policy cannot be reached), from
    /// <paramref name="now"/>; returns false when a clock already runs for this turn.
    /// </summary>
    public bool PutAgentOnTheClock(DateTimeOffset now)
    {
        if (S.TurnDeadline is not null)
        {
            return false;
        }
        S.TurnDeadline = now + (Untimed ? UnreachableAgentTimeout : TimeSpan.FromSeconds(S.TurnTimeoutSeconds));
        return true;
    }

    /// <summary>Whether the match has no clock (a time control of zero): nobody loses on time, except an agent that cannot be reached.</summary>
    public bool Untimed => S.TurnTimeoutSeconds <= 0;

    /// <summary>
    /// The time control in whole seconds per shot, 0 when untimed (a clock of a fraction of a second,
    /// possible only from the silo's configuration, counts as the next whole second).
    /// </summary>
    public int TurnSeconds => Untimed ? 0 : (int)Math.Ceiling(S.TurnTimeoutSeconds);

    /// <summary>
    /// In an untimed match, how long an agent that cannot be reached has before it loses: a person
    /// is not left waiting for ever.
    /// </summary>
    public static readonly TimeSpan UnreachableAgentTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When seat <paramref name="player"/>, to move from <paramref name="now"/>, loses on time: a
    /// person has the turn timeout (none when untimed), an agent no clock.
    /// </summary>
    private DateTimeOffset? DeadlineFor(int player, DateTimeOffset now) =>
        S.Players[player].Kind == ParticipantKind.User && !Untimed ? now + TimeSpan.FromSeconds(S.TurnTimeoutSeconds) : null;

    private void SetFinished(int winner, EndReason reason, DateTimeOffset at)
    {
        S.Status = MatchStatus.Finished;
        S.Winner = winner;
        S.EndReason = reason;
        S.FinishedAt = at;
        S.TurnDeadline = null;
    }

    private void Ended()
    {
        GrainLog.GameCompleted(logger, MatchId, S.Winner!.Value, S.EndReason!.Value, Game.TurnNumber);
        GrainTelemetry.MatchEnded(S.EndReason.Value);
    }

    // ---- Agents ----

    /// <summary>
    /// The policy of seat <paramref name="seat"/> when it is a built-in heuristic agent: those are
    /// fixed (a built-in agent cannot be redefined), so the match chooses their shots itself, in
    /// its own turn, instead of asking the agent's grain; null for anyone else.
    /// </summary>
    public IShotPolicy? BuiltInPolicy(int seat)
    {
        var participant = S.Players[seat];
        return
            participant.Kind == ParticipantKind.Agent
            && BuiltInAgents.All.FirstOrDefault(a => a.Id == participant.Id).Definition is { Kind: AgentKind.Heuristic } definition
            ? ShotPolicies.Find(definition.Policy)
            : null;
    }

    /// <summary>What the agent on turn knows of its opponent's board, and the seed of its decision.</summary>
    public AgentShotRequest AgentRequest()
    {
        var view = Game.ViewOfOpponent(Game.CurrentPlayer);
        return new AgentShotRequest(
            MatchId,
            S.Rules.ToSpec(),
            CellSet.From(view.Shots),
            CellSet.From(view.Hits),
            CellSet.From(view.SunkCells),
            view.AfloatShips,
            Rng.ForStream(S.Seed, (ulong)(Game.TurnNumber + 2)).NextUInt64()
        );
    }

    // ---- Chat and completion ----

    /// <summary>The chat line <paramref name="text"/>, trimmed; <see cref="ErrorCode.Validation"/> unless it has 1 to <see cref="ChatMessage.MaxLength"/> printable characters.</summary>
    public static string ChatLine(string? text) => PrintableText.Require(text, Limits.ChatLineMaxLength, "A chat line");

    /// <summary>Posts a checked chat <paramref name="line"/> by <paramref name="author"/> (a member); returns it as stored.</summary>
    public ChatState Chat(Participant author, string line, DateTimeOffset now)
    {
        var state = new ChatState
        {
            Number = S.ChatCount + 1,
            From = ParticipantState.From(author),
            Text = line,
            At = now,
        };
        ReplayChat(state);
        return state;
    }

    /// <summary>Adds a chat line, keeping the newest only.</summary>
    public void ReplayChat(ChatState line)
    {
        ArgumentNullException.ThrowIfNull(line);
        S.ChatCount = line.Number;
        S.Chat.Add(line);
        if (S.Chat.Count > chatHistory)
        {
            S.Chat.RemoveRange(0, S.Chat.Count - chatHistory);
        }
    }

    /// <summary>Records that the finished match was rated, archived and reported.</summary>
    public void MarkCompleted() => S.Completed = true;

    // ---- Refusals ----

    private static ErrorCode ToCode(MoveError error) =>
        error switch
        {
            MoveError.OutOfBounds => ErrorCode.OutOfBounds,
            MoveError.AlreadyFired => ErrorCode.AlreadyFired,
            MoveError.NotYourTurn => ErrorCode.NotYourTurn,
            MoveError.GameOver => ErrorCode.GameOver,
            MoveError.FleetsNotPlaced => ErrorCode.FleetsNotPlaced,
            MoveError.FleetAlreadyPlaced => ErrorCode.FleetAlreadyPlaced,
            _ => ErrorCode.Validation,
        };

    private static string ErrorText(MoveError error, int cell) =>
        error switch
        {
            MoveError.OutOfBounds => $"Cell {cell} is not on the board.",
            MoveError.AlreadyFired => $"Cell {cell} was already fired at.",
            MoveError.NotYourTurn => "It is not your turn.",
            _ => error.ToString(),
        };
}
