using Battleship.Grains.Matches;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Battleship.Grains.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Battleship.Grains;

/// <summary>
/// One game; see <see cref="IMatchGrain"/>. The grain is the shell around the match: the rules
/// (<see cref="MatchRules"/>, with the engine's game) decide and change, and the grain stores each
/// accepted change in the match's log before it acknowledges or announces it (MatchGrain.Log.cs,
/// <see cref="MatchLog"/>), announces it to the following gateways (MatchGrain.Push.cs), runs the
/// turn clock on a timer, lets agents move (<see cref="AgentTurns"/>) and completes a finished match
/// (<see cref="MatchCompletion"/>). A reminder keeps the clock, the agents and the completion alive
/// across deactivation and silo failure. Views are projections (<see cref="MatchProjection"/>): the
/// full state never leaves the grain.
/// </summary>
public sealed partial class MatchGrain : Grain, IMatchGrain, IRemindable, IIncomingGrainCallFilter
{
    private const string ReminderName = "match";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<MatchState> _legacy;
    private readonly MatchLog _log;
    private readonly GameClock _clock;
    private readonly MatchOptions _options;
    private readonly AgentTurns _agents;
    private readonly MatchCompletion _completion;
    private readonly ILogger<MatchGrain> _logger;
    private readonly ObserverManager<IMatchObserver> _observers;

    private ITimer? _turnTimer;

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
        ArgumentNullException.ThrowIfNull(clock);
        _legacy = legacy;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _log = new MatchLog(log, MatchId, logger);
        _agents = new AgentTurns(GrainFactory, clock.Time, logger);
        _completion = new MatchCompletion(MatchId, archive, GrainFactory, clock.Time, logger);
        _observers = new ObserverManager<IMatchObserver>(LobbyGrain.ObserverExpiry, logger);
        _match = NewMatch();
    }

    private Guid MatchId => this.GetPrimaryKey();

    private IMatchGrain Self => this.AsReference<IMatchGrain>();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync();
        if (S.Status == MatchStatus.None)
        {
            return;
        }
        ArmTurnTimer();
        if (S.Status == MatchStatus.InProgress && _match.IsAgentTurn)
        {
            Self.PlayAgentTurnAsync().Ignore();
        }
        if (_match.AwaitsCompletion)
        {
            await CompleteAsync(); // a completion that a deactivation or a silo failure interrupted
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _turnTimer?.Dispose();
        _agents.CancelRetry();
        _completion.CancelRetry();
        await EndSubscriptionsAsync(reason);
    }

    /// <inheritdoc />
    public async Task<MatchView> StartAsync(MatchSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (_match.WasStartedBy(setup))
        {
            return ViewFor(setup.PlayerOne.Id);
        }
        MatchRules.Validate(setup);
        var fleets = await _agents.ChooseFleetsAsync(setup);
        var began = _match.Start(setup, fleets, _options.TurnTimeout, Now());
        await StoreAsync(_log.AppendSetupAsync(S));
        await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);

        foreach (var user in new[] { setup.PlayerOne, setup.PlayerTwo }.Where(p => p.Kind == ParticipantKind.User))
        {
            await GrainFactory.GetGrain<IUserGrain>(user.Id).MatchStartedAsync(MatchId);
        }
        for (var i = 0; i < 2; i++)
        {
            if (fleets[i] is not null)
            {
                await PublishAsync(new FleetPlacedEvent(MatchId, Match.Game.TurnNumber, i));
            }
        }
        await AfterMoveAsync(began);
        return ViewFor(setup.PlayerOne.Id);
    }

    /// <inheritdoc />
    public Task<MatchView> GetViewAsync(Guid viewerId) => Task.FromResult(ViewFor(viewerId));

    /// <inheritdoc />
    public async Task<MatchView> PlaceFleetAsync(Guid userId, IReadOnlyList<FleetPlacement>? placements)
    {
        var match = Match;
        var player = match.SeatOf(userId);
        var now = Now();
        var (fleet, began) = match.PlaceFleet(player, placements, (ulong)Random.Shared.NextInt64(), now);
        await StoreAsync(_log.AppendPlacementAsync(player, fleet, now));
        await PublishAsync(new FleetPlacedEvent(MatchId, match.Game.TurnNumber, player));
        await AfterMoveAsync(began);
        return ViewFor(userId);
    }

    /// <inheritdoc />
    public async Task<FireResult> FireAsync(Guid userId, int cell, int expectedTurn)
    {
        var player = Match.SeatOf(userId);
        if (_match.EarlierShot(player, cell, expectedTurn) is { } earlier)
        {
            return _match.Repeated(earlier); // a retried request: answer as the first time, change nothing
        }
        if (_match.IsBehind(expectedTurn) && await CatchUpWithTheLogAsync())
        {
            // The player saw a turn this activation had not reached: another activation wrote after
            // this one loaded. Now that it holds the whole log, answer as that one would have.
            return await FireAsync(userId, cell, expectedTurn);
        }
        var now = Now();
        return await StoreShotAsync(Match.Fire(player, cell, expectedTurn, now), now);
    }

    /// <inheritdoc />
    public async Task<MatchView> ResignAsync(Guid userId)
    {
        var match = Match;
        await StoreForfeitAsync(match.Resign(match.SeatOf(userId), Now()), EndReason.Resign);
        return ViewFor(userId);
    }

    /// <inheritdoc />
    public async Task<ChatMessage> PostChatAsync(Participant author, string text)
    {
        ArgumentNullException.ThrowIfNull(author);
        var match = Match;
        var line = MatchRules.ChatLine(text);
        if (!match.IsPlayer(author.Id) && !await IsRoomSpectatorAsync(author.Id))
        {
            throw new BattleshipException(ErrorCode.NotAMember, "Only the players and the room's spectators chat.");
        }
        var posted = match.Chat(author, line, Now());
        await StoreAsync(_log.AppendChatAsync(posted));
        var message = new ChatMessage(posted.Number, author, posted.Text, posted.At);
        await PublishAsync(new ChatPostedEvent(MatchId, match.Game.TurnNumber, message));
        return message;
    }

    /// <inheritdoc />
    public async Task<MatchReplay> GetReplayAsync(Guid viewerId)
    {
        _ = Match;
        await CatchUpWithTheLogAsync();
        return Match.ReplayFor(viewerId);
    }

    /// <inheritdoc />
    public async Task PlayAgentTurnAsync()
    {
        if (S.Status != MatchStatus.InProgress || !Match.IsAgentTurn)
        {
            return;
        }
        var player = (int)_match.Game.CurrentPlayer;
        var (reply, cell) = await _agents.AskAsync(_match);
        switch (reply)
        {
            case AgentReply.Refused:
                await StoreForfeitAsync(Match.Forfeit(player, EndReason.Timeout, Now()), EndReason.Timeout);
                break;
            case AgentReply.Unreachable:
                var clockStarted = Match.PutAgentOnTheClock(_clock.UtcNow);
                if (clockStarted)
                {
                    ArmTurnTimer();
                }
                _agents.RetryLater(_match, clockStarted, () => Self.PlayAgentTurnAsync().Ignore());
                break;
            default:
                var now = Now();
                await StoreShotAsync(Match.Fire(player, cell, now), now);
                break;
        }
    }

    /// <inheritdoc />
    public async Task EnforceClockAsync(int turnNumber)
    {
        if (S.Status != MatchStatus.InProgress)
        {
            return;
        }
        switch (Match.Clock(turnNumber, _clock.UtcNow))
        {
            case TurnClock.Running:
                ArmTurnTimer(); // called early (a reminder, or a clock that was moved): wait for the real deadline
                break;
            case TurnClock.RanOut:
                var player = (int)_match.Game.CurrentPlayer;
                MatchLogMessages.TimedOut(_logger, MatchId, player);
                await StoreForfeitAsync(_match.Forfeit(player, EndReason.Timeout, Now()), EndReason.Timeout);
                break;
        }
    }

    /// <inheritdoc />
    public async Task CompleteAsync()
    {
        if (!_match.AwaitsCompletion)
        {
            return; // grain calls do not interleave, so no other completion is running
        }
        var completed = await _completion.TryCompleteAsync(
            () => Match,
            () => StoreAsync(_log.AppendCompletedAsync(Now())),
            () => Self.CompleteAsync().Ignore()
        );
        if (completed)
        {
            await PublishAsync(Match.Ended());
            await DropReminderAsync();
        }
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (S.Status)
        {
            case MatchStatus.InProgress when Match.IsAgentTurn:
                await PlayAgentTurnAsync(); // an agent's turn that a failure interrupted
                break;
            case MatchStatus.InProgress:
                await EnforceClockAsync(_match.Game.TurnNumber);
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
    /// Stores and announces <paramref name="shot"/>, just accepted. When the turn then passes to a
    /// built-in heuristic agent, its answer is chosen here too and both shots are appended together
    /// (one write for the turn) and announced together; the result is still that of the first shot.
    /// </summary>
    private async Task<FireResult> StoreShotAsync(MoveState shot, DateTimeOffset now)
    {
        var match = _match;
        var result = match.Accepted(shot);
        var shots = new List<MoveState> { shot };
        var events = new List<MatchEvent> { match.ShotFired(shot) };
        if (match.PlayerToMove is { } next && AgentTurns.BuiltInShot(match, next) is { } answer)
        {
            var reply = match.Fire(next, answer, now);
            shots.Add(reply);
            events.Add(match.ShotFired(reply));
        }
        await StoreAsync(_log.AppendShotsAsync(shots));
        await PublishAsync(events);
        await AfterMoveAsync(began: false);
        return result;
    }

    /// <summary>Stores a resignation or a loss on time (<paramref name="reason"/>), just accepted, and ends the match.</summary>
    private async Task StoreForfeitAsync(MoveState move, EndReason reason)
    {
        await StoreAsync(_log.AppendForfeitAsync(move, reason));
        await AfterMoveAsync(began: false);
    }

    /// <summary>Announces the start, re-arms the clock, and completes the match or lets an agent move.</summary>
    private async Task AfterMoveAsync(bool began)
    {
        if (began)
        {
            await PublishAsync(new MatchStartedEvent(MatchId, Match.Game.TurnNumber, (int)_match.Game.CurrentPlayer, S.TurnDeadline));
        }
        ArmTurnTimer();
        if (S.Status == MatchStatus.Finished)
        {
            await CompleteAsync(); // the first attempt; the end is announced once it succeeds
        }
        else if (S.Status == MatchStatus.InProgress && Match.IsAgentTurn)
        {
            Self.PlayAgentTurnAsync().Ignore();
        }
    }

    /// <summary>Runs the turn clock: calls <see cref="EnforceClockAsync"/> at the deadline of the turn now, if it has one.</summary>
    private void ArmTurnTimer()
    {
        _turnTimer?.Dispose();
        _turnTimer = null;
        if (S.Status != MatchStatus.InProgress || S.TurnDeadline is not { } deadline)
        {
            return;
        }
        var due = deadline - _clock.UtcNow;
        var self = Self;
        var turn = Match.Game.TurnNumber;
        _turnTimer = _clock.Time.CreateTimer(
            _ => self.EnforceClockAsync(turn).Ignore(),
            null,
            due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan
        );
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
            MatchLogMessages.ReminderKept(_logger, e, MatchId);
        }
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<bool> IsRoomSpectatorAsync(Guid userId)
    {
        if (S.RoomId is not { } roomId)
        {
            return false;
        }
        var room = await GrainFactory.GetGrain<IRoomGrain>(roomId).GetAsync();
        return room.Spectators.Any(p => p.Id == userId);
    }
}
