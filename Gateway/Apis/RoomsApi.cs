using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Battleship.Gateway.Apis;

/// <summary>
/// <c>/api/rooms</c>: the lobby's list and a room's life (create, join, leave, ready, rematch, kick, close).
/// The room grain enforces capacity, status and ownership; its refusals become 400/403/404/409.
/// </summary>
internal static class RoomsApi
{
    public static IEndpointRouteBuilder MapRoomsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/rooms").WithTags("Rooms");
        group
            .MapGet("/", ListRoomsAsync)
            .WithName("ListRooms")
            .WithSummary("Public rooms that are not closed, newest first; filter by status, free seat and opponent kind.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapPost("/", CreateRoomAsync)
            .WithName("CreateRoom")
            .WithSummary("Creates a room with the caller in the first seat (and an agent in the second, if named).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group
            .MapGet("/{id:guid}", GetRoomAsync)
            .WithName("GetRoom")
            .WithSummary("A room, its players and spectators.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/{id:guid}/join", JoinRoomAsync)
            .WithName("JoinRoom")
            .WithSummary("Takes the free seat, or a spectator place with asSpectator.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group
            .MapPost(
                "/{id:guid}/leave",
                GrainEndpoint.ForCaller<IRoomGrain, RoomView>(nameof(IRoomGrain.LeaveAsync), (room, me) => room.LeaveAsync(me.Id))
            )
            .WithName("LeaveRoom")
            .WithSummary("Leaves the room; the owner leaving closes it.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group
            .MapPost("/{id:guid}/ready", SetReadyAsync)
            .WithName("SetReady")
            .WithSummary("Marks the caller ready (or not); when both players are ready the match starts (see matchId).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group
            .MapPost("/{id:guid}/rematch", RematchAsync)
            .WithName("Rematch")
            .WithSummary(
                "After the room's match, offers (or declines) a rematch; when both players have offered, a new match starts (see matchId)."
            )
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group
            .MapPost("/{id:guid}/kick", KickAsync)
            .WithName("KickMember")
            .WithSummary("The owner removes a player or spectator.")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict
            );
        group
            .MapPost(
                "/{id:guid}/close",
                GrainEndpoint.ForCaller<IRoomGrain, RoomView>(nameof(IRoomGrain.CloseAsync), (room, me) => room.CloseAsync(me.Id))
            )
            .WithName("CloseRoom")
            .WithSummary("The owner closes the room.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<Ok<Page<RoomSummary>>> ListRoomsAsync(
        RoomStatus? status,
        bool? hasSpace,
        bool? vsAi,
        [AsParameters] PageQuery paging,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = paging.Check();
        var query = new RoomQuery(status, hasSpace, vsAi, number, size);
        return TypedResults.Ok(
            await grains
                .Grain<ILobbyGrain>(ILobbyGrain.Key)
                .CallAsync(nameof(ILobbyGrain.ListRoomsAsync), g => g.ListRoomsAsync(query), cancellationToken)
        );
    }

    private static async Task<Created<RoomView>> CreateRoomAsync(
        CreateRoomBody body,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        CurrentUser me,
        UserDirectory users,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var owner = await users.ParticipantAsync(me, cancellationToken);
        var request = new CreateRoomRequest(
            body.Name ?? "",
            body.IsPrivate,
            body.AgentId,
            body.MaxSpectators ?? Limits.DefaultSpectators,
            body.TurnSeconds
        );
        var id = IdempotencyKey.IdFor(idempotencyKey, me.Id, "rooms");
        var room = await grains
            .Grain<IRoomGrain>(id)
            .CallAsync(nameof(IRoomGrain.CreateAsync), g => g.CreateAsync(owner, request), cancellationToken);
        return TypedResults.Created($"/api/rooms/{id}", room);
    }

    private static async Task<Ok<RoomView>> GetRoomAsync(Guid id, GrainClient grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.Grain<IRoomGrain>(id).CallAsync(nameof(IRoomGrain.GetAsync), g => g.GetAsync(), cancellationToken));

    private static async Task<Ok<RoomView>> JoinRoomAsync(
        Guid id,
        JoinRoomBody? body,
        CurrentUser me,
        UserDirectory users,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var user = await users.ParticipantAsync(me, cancellationToken);
        var asSpectator = (body ?? new()).AsSpectator;
        return TypedResults.Ok(
            await grains
                .Grain<IRoomGrain>(id)
                .CallAsync(nameof(IRoomGrain.JoinAsync), g => g.JoinAsync(user, asSpectator), cancellationToken)
        );
    }

    private static async Task<Ok<RoomView>> SetReadyAsync(
        Guid id,
        ReadyBody? body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var ready = (body ?? new()).Ready;
        return TypedResults.Ok(
            await grains
                .Grain<IRoomGrain>(id)
                .CallAsync(nameof(IRoomGrain.SetReadyAsync), g => g.SetReadyAsync(me.Id, ready), cancellationToken)
        );
    }

    private static async Task<Ok<RoomView>> RematchAsync(
        Guid id,
        RematchBody? body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var accept = (body ?? new()).Accept;
        return TypedResults.Ok(
            await grains
                .Grain<IRoomGrain>(id)
                .CallAsync(nameof(IRoomGrain.RematchAsync), g => g.RematchAsync(me.Id, accept), cancellationToken)
        );
    }

    private static async Task<Ok<RoomView>> KickAsync(
        Guid id,
        KickBody body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    ) =>
        TypedResults.Ok(
            await grains
                .Grain<IRoomGrain>(id)
                .CallAsync(nameof(IRoomGrain.KickAsync), g => g.KickAsync(me.Id, body.UserId), cancellationToken)
        );
}

/// <summary>The body of <c>POST /api/rooms</c>.</summary>
/// <param name="Name">Shown in the lobby (1–48 printable characters).</param>
/// <param name="IsPrivate">Private rooms are not listed; they are joined by id.</param>
/// <param name="AgentId">An agent to take the second seat (a match against AI).</param>
/// <param name="MaxSpectators">Spectator places, 0–32 (8 by default).</param>
/// <param name="TurnSeconds">Seconds per shot before a player forfeits (1–86400, 60 by default); 0 for no clock (untimed).</param>
internal sealed record CreateRoomBody(
    [property: MaxLength(Limits.RoomNameMaxLength)] string? Name,
    bool IsPrivate = false,
    Guid? AgentId = null,
    [property: Range(0, Limits.MaxSpectators)] int? MaxSpectators = null,
    [property: Range(Limits.Untimed, Limits.MaxTurnSeconds)] int? TurnSeconds = null
);

/// <summary>The body of <c>POST /api/rooms/{id}/join</c> (optional).</summary>
/// <param name="AsSpectator">Watch instead of taking the free seat.</param>
internal sealed record JoinRoomBody(bool AsSpectator = false);

/// <summary>The body of <c>POST /api/rooms/{id}/ready</c> (optional).</summary>
/// <param name="Ready">Ready (the default) or not.</param>
internal sealed record ReadyBody(bool Ready = true);

/// <summary>The body of <c>POST /api/rooms/{id}/rematch</c> (optional).</summary>
/// <param name="Accept">Offer (or agree to) the rematch (the default), or decline it, which ends the offer for both.</param>
internal sealed record RematchBody(bool Accept = true);

/// <summary>The body of <c>POST /api/rooms/{id}/kick</c>.</summary>
/// <param name="UserId">The member to remove.</param>
internal sealed record KickBody(Guid UserId);
