using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Battleship.Gateway.Hubs;

/// <summary>
/// <c>/hubs/match</c>: join a match as a player or spectator and play it. Every method calls the
/// match grain, which checks membership and turn order; a refusal fails the invocation with a
/// <see cref="HubException"/> whose message starts with its code, and the connection stays open.
/// A client that reconnects calls <see cref="JoinMatch"/> again and gets the full current view.
/// </summary>
[Authorize]
internal sealed class MatchHub(GrainClient grains, UserDirectory users, MatchRelay relay) : Hub<IMatchClient>
{
    private const string UserKey = "user";

    /// <summary>
    /// Follows a match (as a player when the caller plays in it, otherwise as a spectator) and
    /// returns the full view: one grain call, which also subscribes this gateway to the match.
    /// </summary>
    public async Task<MatchView> JoinMatch(Guid matchId)
    {
        var me = await CallerAsync();
        return await relay.JoinAsync(matchId, Context.ConnectionId, me.Id, Context.ConnectionAborted);
    }

    public Task LeaveMatch(Guid matchId) => relay.UnfollowAsync(matchId, Context.ConnectionId, Context.ConnectionAborted);

    /// <summary>Places the caller's fleet: the given placements, or a random fleet when none are given.</summary>
    public async Task<MatchView> PlaceFleet(Guid matchId, IReadOnlyList<FleetPlacement>? placements)
    {
        var me = await CallerAsync();
        return await grains
            .Grain<IMatchGrain>(matchId)
            .CallAsync(nameof(IMatchGrain.PlaceFleetAsync), g => g.PlaceFleetAsync(me.Id, placements), Context.ConnectionAborted);
    }

    /// <summary>Fires at <paramref name="cell"/> on turn <paramref name="expectedTurn"/> (the view's turnNumber).</summary>
    public async Task<FireResult> Fire(Guid matchId, int cell, int expectedTurn)
    {
        var me = await CallerAsync();
        return await grains
            .Grain<IMatchGrain>(matchId)
            .CallIdempotentAsync(nameof(IMatchGrain.FireAsync), g => g.FireAsync(me.Id, cell, expectedTurn), Context.ConnectionAborted);
    }

    /// <summary>Posts a chat line (players, and spectators of the match's room).</summary>
    public async Task<ChatMessage> Chat(Guid matchId, string text)
    {
        var me = await CallerAsync();
        var author = await users.ParticipantAsync(me, Context.ConnectionAborted);
        return await grains
            .Grain<IMatchGrain>(matchId)
            .CallAsync(nameof(IMatchGrain.PostChatAsync), g => g.PostChatAsync(author, text ?? ""), Context.ConnectionAborted);
    }

    public async Task<MatchView> Resign(Guid matchId)
    {
        var me = await CallerAsync();
        return await grains
            .Grain<IMatchGrain>(matchId)
            .CallAsync(nameof(IMatchGrain.ResignAsync), g => g.ResignAsync(me.Id), Context.ConnectionAborted);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        relay.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private async Task<CurrentUser> CallerAsync()
    {
        if (Context.Items.TryGetValue(UserKey, out var known) && known is CurrentUser user)
        {
            return user;
        }
        var resolved = await users.ResolveAsync(Context.User!, Context.ConnectionAborted);
        Context.Items[UserKey] = resolved;
        return resolved;
    }
}
