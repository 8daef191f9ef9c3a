using System.Globalization;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Battleship.Grains.State;
using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>
/// A room and its status machine (Open ⇄ Full → InMatch → Closed, and Closed → InMatch again when both
/// players agree to a rematch within <see cref="RematchWindow"/>); see <see cref="IRoomGrain"/>.
/// Each change is written to storage first, then reported to the lobby (public rooms) and the archive.
/// </summary>
public sealed class RoomGrain(
    [PersistentState("room", StorageNames.Rooms)] IPersistentState<RoomState> state,
    IGameArchive archive,
    GameClock clock,
    IOptions<MatchOptions> matchOptions
) : Grain, IRoomGrain
{
    /// <summary>How long after a match ends its two players may agree to a rematch.</summary>
    public static readonly TimeSpan RematchWindow = TimeSpan.FromMinutes(5);

    private RoomState S => state.State;

    /// <inheritdoc />
    public async Task<RoomView> CreateAsync(Participant owner, CreateRoomRequest request)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(request);
        if (S.Created)
        {
            // The gateway sends a create again when the first answer was lost (a timeout during a
            // failover or a slow database): the owner's repeat of the same request gets the room.
            if (
                owner.Id == S.OwnerId
                && request.Name?.Trim() == S.Name
                && request.MaxSpectators == S.MaxSpectators
                && request.AgentId == S.AgentId
                && (request.TurnSeconds ?? DefaultTurnSeconds) == TurnSeconds
            )
            {
                return ToView();
            }
            throw new BattleshipException(ErrorCode.InvalidTransition, "The room already exists.");
        }
        if (owner.Kind != ParticipantKind.User)
        {
            throw new BattleshipException(ErrorCode.Validation, "Rooms are created by users.");
        }
        var name = PrintableText.Require(request.Name, Limits.RoomNameMaxLength, "A room name");
        if (request.MaxSpectators is < 0 or > Limits.MaxSpectators)
        {
            throw new BattleshipException(ErrorCode.Validation, $"A room has 0 to {Limits.MaxSpectators} spectator places.");
        }
        if (request.TurnSeconds is < Limits.Untimed or > Limits.MaxTurnSeconds)
        {
            throw new BattleshipException(
                ErrorCode.Validation,
                $"A turn lasts 1 to {Limits.MaxTurnSeconds} seconds, or 0 for no clock (untimed)."
            );
        }
        AgentProfile? agent = null;
        if (request.AgentId is { } agentId)
        {
            agent = await GrainFactory.GetGrain<IAgentGrain>(agentId).GetProfileAsync();
        }

        S.Created = true;
        S.Name = name;
        S.OwnerId = owner.Id;
        S.IsPrivate = request.IsPrivate;
        S.MaxSpectators = request.MaxSpectators;
        S.TurnSeconds = request.TurnSeconds ?? DefaultTurnSeconds;
        S.CreatedAt = clock.UtcNow;
        S.Players.Add(new SeatState { Participant = ParticipantState.From(owner) });
        if (agent is not null)
        {
            S.AgentId = agent.Id;
            S.Players.Add(new SeatState { Participant = ParticipantState.From(Participant.Agent(agent.Id, agent.Name)), IsReady = true });
        }
        S.Status = S.Players.Count == 2 ? RoomStatus.Full : RoomStatus.Open;
        return await SaveAndPublishAsync();
    }

    /// <inheritdoc />
    public Task<RoomView> GetAsync()
    {
        EnsureCreated();
        return Task.FromResult(ToView());
    }

    /// <inheritdoc />
    public async Task<RoomView> JoinAsync(Participant user, bool asSpectator)
    {
        ArgumentNullException.ThrowIfNull(user);
        EnsureCreated();
        if (user.Kind != ParticipantKind.User)
        {
            throw new BattleshipException(ErrorCode.Validation, "Agents take seats only when the room is created.");
        }
        if (S.Status == RoomStatus.Closed)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, "The room is closed.");
        }
        if (IsPlayer(user.Id) || IsSpectator(user.Id))
        {
            return ToView(); // already a member: joining again changes nothing
        }
        if (asSpectator)
        {
            if (S.Spectators.Count >= S.MaxSpectators)
            {
                throw new BattleshipException(ErrorCode.RoomFull, "No spectator place is free.");
            }
            S.Spectators.Add(ParticipantState.From(user));
        }
        else
        {
            if (S.Status != RoomStatus.Open)
            {
                throw new BattleshipException(
                    S.Status == RoomStatus.Full ? ErrorCode.RoomFull : ErrorCode.InvalidTransition,
                    S.Status == RoomStatus.Full ? "Both seats are taken." : "The match has started."
                );
            }
            S.Players.Add(new SeatState { Participant = ParticipantState.From(user) });
            S.Status = S.Players.Count == 2 ? RoomStatus.Full : RoomStatus.Open;
        }
        return await SaveAndPublishAsync();
    }

    /// <inheritdoc />
    public async Task<RoomView> LeaveAsync(Guid userId)
    {
        EnsureCreated();
        if (S.Spectators.RemoveAll(p => p.Id == userId) > 0)
        {
            return await SaveAndPublishAsync();
        }
        if (!IsPlayer(userId))
        {
            throw new BattleshipException(ErrorCode.NotAMember, "You are not in this room.");
        }
        switch (S.Status)
        {
            case RoomStatus.InMatch:
                throw new BattleshipException(ErrorCode.InvalidTransition, "The match is being played: resign it to leave.");
            case RoomStatus.Closed when RematchOpen:
                EndRematchOffer(); // a player leaving after the match ends the rematch offer for both
                return await SaveAndPublishAsync();
            case RoomStatus.Closed:
                throw new BattleshipException(ErrorCode.InvalidTransition, "The room is closed.");
        }
        if (userId == S.OwnerId)
        {
            S.Status = RoomStatus.Closed; // the owner leaving closes the room
        }
        else
        {
            RemovePlayer(userId);
        }
        return await SaveAndPublishAsync();
    }

    /// <inheritdoc />
    public async Task<RoomView> SetReadyAsync(Guid userId, bool ready)
    {
        EnsureCreated();
        var seat = S.Players.FirstOrDefault(p => p.Participant.Id == userId && p.Participant.Kind == ParticipantKind.User);
        if (seat is null)
        {
            throw new BattleshipException(ErrorCode.NotAMember, "Only a room's players get ready.");
        }
        if (S.Status == RoomStatus.InMatch && ready && seat.IsReady)
        {
            return ToView(); // a repeated "ready" (a retried request) whose first answer started the match
        }
        if (S.Status is RoomStatus.InMatch or RoomStatus.Closed)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, $"The room is {S.Status}.");
        }
        seat.IsReady = ready;
        if (S.Status == RoomStatus.Full && S.Players.All(p => p.IsReady))
        {
            await StartMatchAsync(() => seat.IsReady = false);
        }
        return await SaveAndPublishAsync();
    }

    /// <inheritdoc />
    public async Task<RoomView> RematchAsync(Guid userId, bool accept)
    {
        EnsureCreated();
        if (!IsPlayer(userId))
        {
            throw new BattleshipException(ErrorCode.NotAMember, "Only the room's two players may play a rematch.");
        }
        if (S.Status == RoomStatus.InMatch && accept && S.RematchOffers.Contains(userId))
        {
            return ToView(); // a repeated offer (a retried request) whose first answer started the rematch
        }
        if (S.Status != RoomStatus.Closed || !RematchOpen)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, RematchRefusal());
        }
        if (!accept)
        {
            EndRematchOffer();
        }
        else if (!S.RematchOffers.Contains(userId))
        {
            S.RematchOffers.Add(userId);
            if (S.Players.All(p => S.RematchOffers.Contains(p.Participant.Id)))
            {
                await StartMatchAsync(() => S.RematchOffers.Remove(userId));
                S.RematchUntil = null;
            }
        }
        return await SaveAndPublishAsync();
    }

    private string RematchRefusal() =>
        S.Status switch
        {
            RoomStatus.Open or RoomStatus.Full => "No match has been played in this room yet: get ready instead.",
            RoomStatus.InMatch => "The match is still being played.",
            _ when S.AgentId is not null => "A match against an agent is played again with Play again (a new match).",
            _ when S.MatchesStarted == 0 => "The room is closed.",
            _ => "The rematch is no longer on offer: it was declined, a player left, or it lapsed.",
        };

    /// <summary>Whether the two players may still agree to a rematch (the offer is open and has not lapsed).</summary>
    private bool RematchOpen => S.RematchUntil is { } until && clock.UtcNow < until;

    private void EndRematchOffer()
    {
        S.RematchUntil = null;
        S.RematchOffers.Clear();
    }

    /// <summary>The id of the <paramref name="number"/>th match (from 0) that room <paramref name="roomId"/> starts.</summary>
    internal static Guid MatchIdOf(Guid roomId, int number) =>
        NameBasedId.Of("room-match", roomId.ToString("N"), number.ToString(CultureInfo.InvariantCulture));

    private async Task StartMatchAsync(Action undo)
    {
        try
        {
            // Derived, not new: when the start's answer was lost (the match's silo died after it
            // stored the setup) and the ready is sent again, the same match is asked again and
            // answers the same setup, instead of a second match and an orphan (docs/chaos.md).
            var matchId = MatchIdOf(this.GetPrimaryKey(), S.MatchesStarted);
            var players = S.Players.Select(p => p.Participant.ToModel()).ToList();
            await GrainFactory
                .GetGrain<IMatchGrain>(matchId)
                .StartAsync(
                    new MatchSetup(
                        players[0],
                        players[1],
                        RulesSpec.Standard,
                        // The first move alternates: in a rematch, who moved second moves first.
                        FirstPlayer: S.MatchesStarted % 2,
                        RoomId: this.GetPrimaryKey(),
                        TurnTimeout: TimeSpan.FromSeconds(TurnSeconds),
                        Seed: (ulong)Random.Shared.NextInt64()
                    )
                );
            S.MatchId = matchId;
            S.MatchesStarted++;
            S.Status = RoomStatus.InMatch;
        }
        catch
        {
            undo(); // the request failed: leave the room as it was
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<RoomView> KickAsync(Guid ownerId, Guid memberId)
    {
        EnsureCreated();
        EnsureOwner(ownerId);
        if (S.Status is RoomStatus.InMatch or RoomStatus.Closed)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, $"The room is {S.Status}.");
        }
        if (memberId == ownerId)
        {
            throw new BattleshipException(ErrorCode.Validation, "The owner cannot kick themselves; close the room instead.");
        }
        if (S.Spectators.RemoveAll(p => p.Id == memberId) == 0)
        {
            if (!IsPlayer(memberId))
            {
                throw new BattleshipException(ErrorCode.NotAMember, "No such member.");
            }
            RemovePlayer(memberId);
        }
        return await SaveAndPublishAsync();
    }

    /// <inheritdoc />
    public async Task<RoomView> CloseAsync(Guid ownerId)
    {
        EnsureCreated();
        EnsureOwner(ownerId);
        if (S.Status is RoomStatus.InMatch or RoomStatus.Closed)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, $"The room is {S.Status}.");
        }
        S.Status = RoomStatus.Closed;
        return await SaveAndPublishAsync();
    }

    /// <inheritdoc />
    public async Task MatchEndedAsync(Guid matchId)
    {
        if (S.Created && S.MatchId == matchId && S.Status == RoomStatus.InMatch)
        {
            S.Status = RoomStatus.Closed;
            S.RematchOffers.Clear();
            // Two users may agree to a rematch for a while; a match against an agent is played again with "Play again".
            S.RematchUntil = S.AgentId is null && S.Players.Count == 2 ? clock.UtcNow + RematchWindow : null;
            await SaveAndPublishAsync();
        }
    }

    private void RemovePlayer(Guid userId)
    {
        S.Players.RemoveAll(p => p.Participant.Id == userId);
        S.Players.ForEach(p => p.IsReady = p.Participant.Kind == ParticipantKind.Agent);
        S.Status = RoomStatus.Open;
    }

    private async Task<RoomView> SaveAndPublishAsync()
    {
        S.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The change was not stored: reload, so that memory matches storage again.
            await state.ReadStateAsync();
            throw;
        }
        var view = ToView();
        var lobby = GrainFactory.GetGrain<ILobbyGrain>(ILobbyGrain.Key);
        if (S.IsPrivate || S.Status == RoomStatus.Closed)
        {
            await lobby.RoomRemovedAsync(view.Id);
        }
        else
        {
            var owner = S.Players.FirstOrDefault(p => p.Participant.Id == S.OwnerId)?.Participant.DisplayName ?? "";
            await lobby.RoomChangedAsync(
                new RoomSummary(
                    view.Id,
                    S.Name,
                    owner,
                    S.Status,
                    S.Players.Count,
                    S.Spectators.Count,
                    S.AgentId is not null,
                    S.CreatedAt,
                    S.Version,
                    TurnSeconds
                )
            );
        }
        await archive.UpsertRoomAsync(view);
        return view;
    }

    private RoomView ToView() =>
        new(
            this.GetPrimaryKey(),
            S.Name,
            S.OwnerId,
            S.IsPrivate,
            S.Status,
            [.. S.Players.Select(p => new RoomMember(p.Participant.ToModel(), p.IsReady))],
            [.. S.Spectators.Select(p => p.ToModel())],
            S.MaxSpectators,
            S.AgentId,
            S.MatchId,
            S.CreatedAt,
            S.Version,
            TurnSeconds,
            S.Status == RoomStatus.Closed && RematchOpen && S.RematchUntil is { } until
                ? new RematchView([.. S.RematchOffers], until)
                : null
        );

    /// <summary>The silo's default time control, in whole seconds.</summary>
    private int DefaultTurnSeconds => (int)Math.Ceiling(matchOptions.Value.TurnTimeout.TotalSeconds);

    /// <summary>The room's time control: seconds per shot, 0 untimed (the default for a room stored before rooms had one).</summary>
    private int TurnSeconds => S.TurnSeconds ?? DefaultTurnSeconds;

    private bool IsPlayer(Guid userId) => S.Players.Any(p => p.Participant.Id == userId && p.Participant.Kind == ParticipantKind.User);

    private bool IsSpectator(Guid userId) => S.Spectators.Any(p => p.Id == userId);

    private void EnsureCreated()
    {
        if (!S.Created)
        {
            throw new BattleshipException(ErrorCode.NotFound, "No such room.");
        }
    }

    private void EnsureOwner(Guid userId)
    {
        if (userId != S.OwnerId)
        {
            throw new BattleshipException(ErrorCode.NotOwner, "Only the room's owner may do this.");
        }
    }
}
