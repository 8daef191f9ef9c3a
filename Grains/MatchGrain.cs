using Battleship.Engine;
using Battleship.Engine.Policies;
using Battleship.Grains.Models;
using Battleship.Grains.State;
using Battleship.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using IMatchLogStore = Battleship.Db.Archive.IMatchLogStore;
using MatchLogEntry = Battleship.Db.Archive.MatchLogEntry;
using MatchLogKind = Battleship.Db.Archive.MatchLogKind;

namespace Battleship.Grains;

/// <summary>
/// One game; see <see cref="IMatchGrain"/>. The engine's <see cref="BattleshipGame"/> validates
/// every move; each accepted move is appended to the match's log before it is acknowledged or
/// announced, and the game is rebuilt from the log on activation (MatchGrain.Log.cs). The turn clock is a
/// timer of the <see cref="GameClock"/> that calls back into the grain; a reminder keeps the clock
/// and the end-of-match work alive across deactivation and silo failure. The end is announced only
/// once the match is completed (rated, archived, reported); a failed completion is retried
/// promptly on a timer (<see cref="CompletionRetryDelays"/>) and by the reminder.
/// </summary>
public sealed partial class MatchGrain : Grain, IMatchGrain, IRemindable, IIncomingGrainCallFilter
{
    private const string ReminderName = "match";
    private static readonly int[] Sides = [0, 1];
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<MatchState> _legacy;
    private readonly IMatchLogStore _log;
    private readonly GameClock _clock;
    private readonly MatchOptions _options;
    private readonly IGameArchive _archive;
    private readonly ILogger<MatchGrain> _logger;
    private readonly ObserverManager<IMatchObserver> _observers;
    private static readonly TimeSpan AgentRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The waits before retrying a failed completion: after the first failure 1 s, then 2 s, 4 s,
    /// and 5 s after every further one, until it succeeds (so a cause that has cleared is retried
    /// within 5 s). The reminder (every minute) carries on after a deactivation or a silo's death.
    /// </summary>
    internal static readonly IReadOnlyList<TimeSpan> CompletionRetryDelays =
    [
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(4),
        TimeSpan.FromSeconds(5),
    ];

    private BattleshipGame? _game;
    private ITimer? _turnTimer;
    private ITimer? _agentRetry;
    private ITimer? _completionRetry;
    private int _completionFailures;

    /// <summary>Creates the grain.</summary>
    public MatchGrain(
        [PersistentState("match", StorageNames.Matches)] IPersistentState<MatchState> legacy,
        IMatchLogStore log,
        GameClock clock,
        IOptions<MatchOptions> options,
        IGameArchive archive,
        ILogger<MatchGrain> logger
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        _legacy = legacy;
        _log = log;
        _clock = clock;
        _options = options.Value;
        _archive = archive;
        _logger = logger;
        _observers = new ObserverManager<IMatchObserver>(LobbyGrain.ObserverExpiry, logger);
    }

    private Guid MatchId => this.GetPrimaryKey();

    private BattleshipGame Game =>
        _storageFailed
            ? throw new BattleshipException(ErrorCode.Unavailable, "The match's storage is unavailable; try again.")
            : _game ?? throw new BattleshipException(ErrorCode.NotFound, "No such match.");

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync();
        if (S.Status == MatchStatus.None)
        {
            return;
        }
        _game!.ResumeTelemetry(MatchId.ToString());
        ArmTurnTimer();
        if (S.Status == MatchStatus.InProgress && IsAgentTurn())
        {
            this.AsReference<IMatchGrain>().PlayAgentTurnAsync().Ignore();
        }
        if (S.Status == MatchStatus.Finished && !S.Completed)
        {
            await CompleteAsync(); // a completion that a deactivation or a silo failure interrupted
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _turnTimer?.Dispose();
        _agentRetry?.Dispose();
        _completionRetry?.Dispose();
        // The subscriptions live in this activation only: gateways that still follow the match
        // subscribe again, to the next activation. Orleans deactivates a grain whose directory
        // entry was on a silo that died, on the surviving silo too, often right after a gateway
        // renewed its subscription there (docs/chaos.md, silo-kill).
        _observers.ClearExpired();
        if (_observers.Count > 0)
        {
            LogTellingSubscribers(_logger, MatchId, _observers.Count, reason.ReasonCode);
            await _observers.Notify(o => o.OnSubscriptionEnding(MatchId)); // one-way
        }
    }

    /// <inheritdoc />
    public async Task<MatchView> StartAsync(MatchSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (S.Status != MatchStatus.None)
        {
            var same = S.Players.Count == 2 && S.Players[0].Id == setup.PlayerOne.Id && S.Players[1].Id == setup.PlayerTwo.Id;
            return same
                ? BuildView(setup.PlayerOne.Id)
                : throw new BattleshipException(ErrorCode.InvalidTransition, "The match has already started.");
        }
        if (setup.PlayerOne.Id == setup.PlayerTwo.Id)
        {
            throw new BattleshipException(ErrorCode.Validation, "A match needs two different players.");
        }
        if (setup.FirstPlayer is not (0 or 1))
        {
            throw new BattleshipException(ErrorCode.Validation, "The first player is 0 or 1.");
        }
        if (setup.TurnTimeout is { } t && (t < TimeSpan.FromSeconds(1) || t > TimeSpan.FromHours(24)))
        {
            throw new BattleshipException(ErrorCode.Validation, "A turn lasts 1 second to 24 hours.");
        }
        var rules = setup.Rules.ToRules();
        var fleets = new FleetLayout?[2];
        var players = new[] { setup.PlayerOne, setup.PlayerTwo };
        for (var i = 0; i < 2; i++)
        {
            if (players[i].Kind == ParticipantKind.Agent)
            {
                var placements = await GrainFactory
                    .GetGrain<IAgentGrain>(players[i].Id)
                    .ChooseFleetAsync(setup.Rules, Rng.ForStream(setup.Seed, (ulong)i).NextUInt64());
                fleets[i] = FleetLayout.Create(rules, placements.Select(p => new ShipPlacement(p.Ship, p.Row, p.Column, p.Orientation)));
            }
        }

        var game = new BattleshipGame(rules, (Player)setup.FirstPlayer, MatchId.ToString());
        S.Players = [.. players.Select(ParticipantState.From)];
        S.Rules = RulesState.From(setup.Rules);
        S.FirstPlayer = setup.FirstPlayer;
        S.TurnTimeoutSeconds = (setup.TurnTimeout ?? _options.TurnTimeout).TotalSeconds;
        S.Seed = setup.Seed;
        S.RoomId = setup.RoomId;
        S.StartedAt = Now();
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
        var began = BeginPlayIfReady(S.StartedAt);
        await AppendSetupAsync();
        await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);

        foreach (var user in players.Where(p => p.Kind == ParticipantKind.User))
        {
            await GrainFactory.GetGrain<IUserGrain>(user.Id).MatchStartedAsync(MatchId);
        }
        for (var i = 0; i < 2; i++)
        {
            if (fleets[i] is not null)
            {
                await PublishAsync(new FleetPlacedEvent(MatchId, Game.TurnNumber, i));
            }
        }
        await AfterMoveAsync(began);
        return BuildView(setup.PlayerOne.Id);
    }

    /// <inheritdoc />
    public Task<MatchView> GetViewAsync(Guid viewerId)
    {
        _ = Game;
        return Task.FromResult(BuildView(viewerId));
    }

    /// <inheritdoc />
    public async Task<MatchView> PlaceFleetAsync(Guid userId, IReadOnlyList<FleetPlacement>? placements)
    {
        var player = SeatOf(userId);
        if (S.Status == MatchStatus.Finished)
        {
            throw new BattleshipException(ErrorCode.GameOver, "The match is over.");
        }
        if (Game.HasPlacedFleet((Player)player))
        {
            throw new BattleshipException(ErrorCode.FleetAlreadyPlaced, "Your fleet is already placed.");
        }
        FleetLayout layout;
        if (placements is null)
        {
            layout = Game.PlaceRandomFleet((Player)player, (ulong)Random.Shared.NextInt64());
        }
        else if (
            !FleetLayout.TryCreate(
                Game.Rules,
                placements.Select(p => new ShipPlacement(p.Ship, p.Row, p.Column, p.Orientation)),
                out layout!,
                out var problem
            )
        )
        {
            throw new BattleshipException(ErrorCode.InvalidPlacement, problem.Message);
        }

        if (placements is not null)
        {
            Game.PlaceFleet((Player)player, layout);
        }
        SetFleet(player, layout);
        var now = Now();
        var began = BeginPlayIfReady(now);
        await AppendAsync(MatchLogKind.Placement, now, player, data: FleetData(layout));
        await PublishAsync(new FleetPlacedEvent(MatchId, Game.TurnNumber, player));
        await AfterMoveAsync(began);
        return BuildView(userId);
    }

    /// <inheritdoc />
    public async Task<FireResult> FireAsync(Guid userId, int cell, int expectedTurn)
    {
        var player = SeatOf(userId);
        if (expectedTurn >= 0 && expectedTurn < S.Moves.Count)
        {
            var earlier = S.Moves[expectedTurn];
            if (earlier.Player == player && earlier.Kind == MoveKind.Shot && earlier.Cell == cell)
            {
                return Replayed(earlier); // a retried request: answer as the first time, change nothing
            }
        }
        if (_game is not null && expectedTurn > _game.TurnNumber && await CatchUpWithTheLogAsync())
        {
            // The player saw a turn this activation had not reached: another activation wrote after
            // this one loaded. Now that it holds the whole log, answer as that one would have.
            return await FireAsync(userId, cell, expectedTurn);
        }
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
        return await ShootAsync(player, cell);
    }

    /// <inheritdoc />
    public async Task<MatchView> ResignAsync(Guid userId)
    {
        var player = SeatOf(userId);
        if (S.Status == MatchStatus.Finished)
        {
            throw new BattleshipException(ErrorCode.GameOver, "The match is over.");
        }
        await ForfeitAsync(player, EndReason.Resign);
        return BuildView(userId);
    }

    /// <inheritdoc />
    public async Task<ChatMessage> PostChatAsync(Participant author, string text)
    {
        ArgumentNullException.ThrowIfNull(author);
        _ = Game;
        var line = text?.Trim() ?? "";
        if (line.Length == 0 || line.Length > ChatMessage.MaxLength || line.Any(char.IsControl))
        {
            throw new BattleshipException(ErrorCode.Validation, $"A chat line has 1 to {ChatMessage.MaxLength} printable characters.");
        }
        if (!S.Players.Any(p => p.Kind == ParticipantKind.User && p.Id == author.Id) && !await IsRoomSpectatorAsync(author.Id))
        {
            throw new BattleshipException(ErrorCode.NotAMember, "Only the players and the room's spectators chat.");
        }
        var message = new ChatMessage(S.ChatCount + 1, author, line, Now());
        var state = new ChatState
        {
            Number = message.Number,
            From = ParticipantState.From(author),
            Text = line,
            At = message.At,
        };
        AddChat(state);
        await AppendAsync(MatchLogKind.Chat, message.At, data: ChatData(state));
        await PublishAsync(new ChatPostedEvent(MatchId, Game.TurnNumber, message));
        return message;
    }

    /// <inheritdoc />
    public async Task<MatchReplay> GetReplayAsync(Guid viewerId)
    {
        _ = Game;
        await CatchUpWithTheLogAsync();
        var role = RoleOf(viewerId);
        return BuildReplay(p => S.Status == MatchStatus.Finished || (int)role == p);
    }

    /// <inheritdoc />
    public Task<MatchViewsAt?> SubscribeAsync(IMatchObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.FromResult(_game is null || _storageFailed ? null : new MatchViewsAt(Version, AllViews()));
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(IMatchObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task PlayAgentTurnAsync()
    {
        if (S.Status != MatchStatus.InProgress || !IsAgentTurn())
        {
            return;
        }
        var player = (int)Game.CurrentPlayer;
        var agentId = S.Players[player].Id;
        int cell;
        try
        {
            cell = BuiltInPolicy(player) is { } policy
                ? AgentGrain.ChooseShot(policy, AgentRequest())
                : await GrainFactory.GetGrain<IAgentGrain>(agentId).ChooseShotAsync(AgentRequest());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAgentFailed(_logger, e, agentId, MatchId);
            if (e is BattleshipException { Code: not ErrorCode.Unavailable })
            {
                await ForfeitAsync(player, EndReason.Timeout); // the agent refused to play (it is gone): it loses on time at once
                return;
            }
            // Its policy cannot be reached (a DQN agent whose trainer silo is down or restarting) or
            // a silo is failing over: the agent is now on the clock as a person is, and tried again
            // every second; it loses on time when its turn's time runs out (docs/chaos.md, trainer-kill).
            if (S.TurnDeadline is null)
            {
                S.TurnDeadline = _clock.UtcNow + TimeSpan.FromSeconds(S.TurnTimeoutSeconds);
                ArmTurnTimer();
                LogAgentOnTheClock(_logger, agentId, MatchId, S.TurnDeadline.Value);
            }
            var self = this.AsReference<IMatchGrain>();
            _agentRetry?.Dispose();
            _agentRetry = _clock.Time.CreateTimer(_ => self.PlayAgentTurnAsync().Ignore(), null, AgentRetryDelay, Timeout.InfiniteTimeSpan);
            return;
        }
        await ShootAsync(player, cell);
    }

    /// <inheritdoc />
    public async Task EnforceClockAsync(int turnNumber)
    {
        if (S.Status != MatchStatus.InProgress || Game.TurnNumber != turnNumber || S.TurnDeadline is not { } deadline)
        {
            return;
        }
        if (_clock.UtcNow < deadline)
        {
            ArmTurnTimer(); // called early (a reminder, or a clock that was moved): wait for the real deadline
            return;
        }
        LogTimedOut(_logger, MatchId, (int)Game.CurrentPlayer);
        await ForfeitAsync((int)Game.CurrentPlayer, EndReason.Timeout);
    }

    /// <inheritdoc />
    public async Task CompleteAsync()
    {
        if (S.Status != MatchStatus.Finished || S.Completed)
        {
            return; // grain calls do not interleave, so no other completion is running
        }
        _completionRetry?.Dispose();
        _completionRetry = null;
        try
        {
            await RateArchiveAndReportAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RetryCompletionLater(e);
            return;
        }
        _completionFailures = 0;
        var fleets = Sides.Select(p => (IReadOnlyList<ShipView>)ShipsOf(p)).ToList();
        await PublishAsync(new MatchEndedEvent(MatchId, Game.TurnNumber, S.Winner!.Value, S.EndReason!.Value, fleets));
        await DropReminderAsync();
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (S.Status)
        {
            case MatchStatus.InProgress when IsAgentTurn():
                await PlayAgentTurnAsync(); // an agent's turn that a failure interrupted
                break;
            case MatchStatus.InProgress:
                await EnforceClockAsync(Game.TurnNumber);
                break;
            case MatchStatus.Finished when !S.Completed:
                await CompleteAsync();
                break;
            case MatchStatus.Finished:
            case MatchStatus.None:
                await UnregisterReminderAsync();
                break;
        }
    }

    /// <summary>
    /// Fires <paramref name="player"/>'s shot. When the turn then passes to a built-in heuristic
    /// agent, its answer is chosen here too and both shots are appended together (one write for
    /// the turn) and announced together; the result is still that of the player's own shot.
    /// </summary>
    private async Task<FireResult> ShootAsync(int player, int cell)
    {
        var now = Now();
        var (move, entry) = ApplyShot(player, cell, now, seq: _nextSeq);
        var shot = ToShotView(move);
        var next = S.Status == MatchStatus.Finished ? (int?)null : (int)Game.CurrentPlayer;
        var events = new List<MatchEvent> { new ShotFiredEvent(MatchId, Game.TurnNumber, shot, next, S.TurnDeadline) };
        var result = new FireResult(shot, Game.TurnNumber, next, S.Status, Duplicate: false);
        var entries = new List<MatchLogEntry> { entry };
        if (next is { } agent && BuiltInPolicy(agent) is { } policy)
        {
            var (reply, replyEntry) = ApplyShot(agent, AgentGrain.ChooseShot(policy, AgentRequest()), now, seq: _nextSeq + 1);
            var afterReply = S.Status == MatchStatus.Finished ? (int?)null : (int)Game.CurrentPlayer;
            events.Add(new ShotFiredEvent(MatchId, Game.TurnNumber, ToShotView(reply), afterReply, S.TurnDeadline));
            entries.Add(replyEntry);
        }
        await AppendAsync(entries);
        await PublishAsync(events);
        await AfterMoveAsync(began: false);
        return result;
    }

    /// <summary>Applies a shot to the game and the match (memory only), or refuses it; returns the move and its log entry.</summary>
    private (MoveState Move, MatchLogEntry Entry) ApplyShot(int player, int cell, DateTimeOffset now, int seq)
    {
        var error = Game.TryFire((Player)player, cell, out var result);
        if (error != MoveError.None)
        {
            GrainLog.InvalidMove(_logger, MatchId, player, error);
            throw new BattleshipException(ToCode(error), ErrorText(error, cell));
        }
        var move = new MoveState
        {
            Number = Game.TurnNumber,
            Player = player,
            Kind = MoveKind.Shot,
            Cell = cell,
            Outcome = result.Outcome,
            SunkShip = result.SunkShip,
            At = now,
        };
        S.Moves.Add(move);
        if (Game.Phase == GamePhase.Finished)
        {
            Finish(player, EndReason.Win, now);
        }
        else
        {
            S.TurnDeadline = DeadlineFor((int)Game.CurrentPlayer, now);
        }
        return (move, ShotEntry(seq, move));
    }

    /// <summary>What the agent on turn knows of its opponent's board, and the seed of its decision.</summary>
    private AgentShotRequest AgentRequest()
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

    /// <summary>
    /// The policy of seat <paramref name="seat"/> when it is a built-in heuristic agent: those are
    /// fixed (a built-in agent cannot be redefined), so the match chooses their shots itself, in
    /// its own turn, instead of asking the agent's grain; null for anyone else.
    /// </summary>
    private IShotPolicy? BuiltInPolicy(int seat)
    {
        var participant = S.Players[seat];
        return
            participant.Kind == ParticipantKind.Agent
            && BuiltInAgents.All.FirstOrDefault(a => a.Id == participant.Id).Definition is { Kind: AgentKind.Heuristic } definition
            ? ShotPolicies.Find(definition.Policy)
            : null;
    }

    private async Task ForfeitAsync(int loser, EndReason reason)
    {
        Game.Resign((Player)loser);
        var now = Now();
        S.Moves.Add(
            new MoveState
            {
                Number = Game.TurnNumber,
                Player = loser,
                Kind = MoveKind.Resign,
                Cell = -1,
                At = now,
            }
        );
        Finish(1 - loser, reason, now);
        await AppendAsync(reason == EndReason.Timeout ? MatchLogKind.Timeout : MatchLogKind.Resign, now, loser);
        await AfterMoveAsync(began: false);
    }

    private void Finish(int winner, EndReason reason, DateTimeOffset now)
    {
        GrainLog.GameCompleted(_logger, MatchId, winner, reason, Game.TurnNumber);
        GrainTelemetry.MatchEnded(reason);
        SetFinished(winner, reason, now);
    }

    /// <summary>Starts play once both fleets are placed; returns whether it did.</summary>
    private bool BeginPlayIfReady(DateTimeOffset now)
    {
        if (S.Status != MatchStatus.Placing || Game.Phase != GamePhase.InProgress)
        {
            return false;
        }
        S.Status = MatchStatus.InProgress;
        S.TurnDeadline = DeadlineFor((int)Game.CurrentPlayer, now);
        GrainLog.GameStarted(_logger, MatchId, (int)Game.CurrentPlayer);
        return true;
    }

    /// <summary>Announces the start or the end, re-arms the clock and lets an agent move.</summary>
    private async Task AfterMoveAsync(bool began)
    {
        if (began)
        {
            await PublishAsync(new MatchStartedEvent(MatchId, Game.TurnNumber, (int)Game.CurrentPlayer, S.TurnDeadline));
        }
        ArmTurnTimer();
        if (S.Status == MatchStatus.Finished)
        {
            await CompleteAsync(); // the first attempt; the end is announced once it succeeds
        }
        else if (S.Status == MatchStatus.InProgress && IsAgentTurn())
        {
            this.AsReference<IMatchGrain>().PlayAgentTurnAsync().Ignore();
        }
    }

    /// <summary>
    /// Rates, archives and reports a finished match, then marks it completed. Rating and archiving
    /// are one call, one transaction (the archive is the one source of ratings and records); every
    /// step is idempotent (the archive stores and rates a match id once, a user's and a room's end
    /// notes are idempotent), so a failed attempt is simply repeated.
    /// </summary>
    private async Task RateArchiveAndReportAsync()
    {
        await _archive.ArchiveMatchAsync(BuildReplay(_ => true), S.StartedAt, S.FinishedAt!.Value);
        for (var i = 0; i < 2; i++)
        {
            if (S.Players[i].Kind == ParticipantKind.User)
            {
                await GrainFactory.GetGrain<IUserGrain>(S.Players[i].Id).MatchEndedAsync(MatchId);
            }
        }
        if (S.RoomId is { } roomId)
        {
            await GrainFactory.GetGrain<IRoomGrain>(roomId).MatchEndedAsync(MatchId);
        }
        S.Completed = true;
        await AppendAsync(MatchLogKind.Completed, Now());
    }

    /// <summary>Logs a failed completion and calls <see cref="CompleteAsync"/> again after the next of <see cref="CompletionRetryDelays"/>.</summary>
    private void RetryCompletionLater(Exception failure)
    {
        _completionFailures++;
        var delay = CompletionRetryDelays[Math.Min(_completionFailures, CompletionRetryDelays.Count) - 1];
        LogCompletionFailed(_logger, failure, MatchId, _completionFailures, delay);
        var self = this.AsReference<IMatchGrain>();
        _completionRetry = _clock.Time.CreateTimer(_ => self.CompleteAsync().Ignore(), null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Drops the reminder of a completed match; if that fails, the reminder drops itself when it next fires.</summary>
    private async Task DropReminderAsync()
    {
        try
        {
            await UnregisterReminderAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReminderKept(_logger, e, MatchId);
        }
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void ArmTurnTimer()
    {
        _turnTimer?.Dispose();
        _turnTimer = null;
        if (S.Status != MatchStatus.InProgress || S.TurnDeadline is not { } deadline)
        {
            return;
        }
        var due = deadline - _clock.UtcNow;
        var self = this.AsReference<IMatchGrain>();
        var turn = Game.TurnNumber;
        _turnTimer = _clock.Time.CreateTimer(
            _ => self.EnforceClockAsync(turn).Ignore(),
            null,
            due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan
        );
    }

    private DateTimeOffset? DeadlineFor(int player, DateTimeOffset now) =>
        S.Players[player].Kind == ParticipantKind.User ? now + TimeSpan.FromSeconds(S.TurnTimeoutSeconds) : null;

    private bool IsAgentTurn() => S.Players[(int)Game.CurrentPlayer].Kind == ParticipantKind.Agent;

    private async Task<bool> IsRoomSpectatorAsync(Guid userId)
    {
        if (S.RoomId is not { } roomId)
        {
            return false;
        }
        var room = await GrainFactory.GetGrain<IRoomGrain>(roomId).GetAsync();
        return room.Spectators.Any(p => p.Id == userId);
    }

    private void SetFleet(int player, FleetLayout layout)
    {
        var placements = layout.Placements.Select(PlacementState.From).ToList();
        if (player == 0)
        {
            S.FleetOne = placements;
        }
        else
        {
            S.FleetTwo = placements;
        }
    }

    private int SeatOf(Guid userId)
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

    private ViewerRole RoleOf(Guid viewerId)
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

    private FireResult Replayed(MoveState move)
    {
        var finished = move.Outcome == ShotOutcome.Win;
        var hitKeeps = move.Outcome != ShotOutcome.Miss && S.Rules.HitKeepsTurn;
        int? next =
            finished ? null
            : hitKeeps ? move.Player
            : 1 - move.Player;
        return new FireResult(
            ToShotView(move),
            move.Number,
            next,
            finished ? MatchStatus.Finished : MatchStatus.InProgress,
            Duplicate: true
        );
    }

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

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Agent {AgentId} cannot move in match {MatchId} now; it is tried again every second and loses on time at {Deadline}"
    )]
    private static partial void LogAgentOnTheClock(ILogger logger, Guid agentId, Guid matchId, DateTimeOffset deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} failed to move in match {MatchId}")]
    private static partial void LogAgentFailed(ILogger logger, Exception exception, Guid agentId, Guid matchId);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Match {MatchId} is deactivating ({Reason}): telling its {Count} subscribed gateways to subscribe again"
    )]
    private static partial void LogTellingSubscribers(ILogger logger, Guid matchId, int count, DeactivationReasonCode reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Match {MatchId}: player {Player} ran out of time")]
    private static partial void LogTimedOut(ILogger logger, Guid matchId, int player);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Match {MatchId} ended but attempt {Attempt} to rate and archive it failed; its end is announced once that succeeds; retrying in {RetryDelay}"
    )]
    private static partial void LogCompletionFailed(ILogger logger, Exception exception, Guid matchId, int attempt, TimeSpan retryDelay);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Match {MatchId} is completed but its reminder could not be dropped; the reminder drops itself when it next fires"
    )]
    private static partial void LogReminderKept(ILogger logger, Exception exception, Guid matchId);
}
