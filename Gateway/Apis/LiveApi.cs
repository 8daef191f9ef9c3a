namespace Battleship.Gateway.Apis;

/// <summary>
/// <c>GET /api/matches/live</c>: the matches being played that anyone signed in may watch. They are
/// the public rooms whose match is in play, read from the lobby's index (its <c>InMatch</c> rooms,
/// newest room first) and completed by one read of each listed room (its players and match id), so
/// a page costs one lobby call and at most <c>pageSize</c> room reads. Agent-against-agent ladder
/// games are not listed: the ladder starts them straight on a match grain and keeps no index of
/// them (see docs/api.md).
/// </summary>
internal static class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapGet("/api/matches/live", ListLiveMatchesAsync)
            .WithTags("Matches")
            .WithName("ListLiveMatches")
            .WithSummary("Matches being played in public rooms, newest room first; open one as a spectator at /match/{matchId}.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    private static async Task<Ok<Page<LiveMatch>>> ListLiveMatchesAsync(
        [AsParameters] PageQuery paging,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = paging.Check();
        var rooms = await grains
            .Grain<ILobbyGrain>(ILobbyGrain.Key)
            .CallAsync(
                nameof(ILobbyGrain.ListRoomsAsync),
                g => g.ListRoomsAsync(new RoomQuery(RoomStatus.InMatch, PageNumber: number, PageSize: size)),
                cancellationToken
            );
        var views = await Task.WhenAll(
            rooms.Items.Select(r =>
                grains.Grain<IRoomGrain>(r.Id).CallIdempotentAsync(nameof(IRoomGrain.GetAsync), g => g.GetAsync(), cancellationToken)
            )
        );
        // A room whose match ended between the two reads is left out of its page (its count stays the lobby's).
        IReadOnlyList<LiveMatch> live =
        [
            .. views
                .Where(v => v is { Status: RoomStatus.InMatch, IsPrivate: false, MatchId: not null } && v.Players.Count == 2)
                .Select(LiveMatch.From),
        ];
        return TypedResults.Ok(new Page<LiveMatch>(live, rooms.PageNumber, rooms.PageSize, rooms.TotalCount));
    }
}

/// <summary>A match being played that anyone signed in may watch.</summary>
/// <param name="MatchId">The match: watch it at <c>/match/{matchId}</c> (GET /api/matches/{matchId} answers the spectators' view).</param>
/// <param name="RoomId">Its room.</param>
/// <param name="RoomName">The room's name.</param>
/// <param name="Players">The two players, first seat first.</param>
/// <param name="TurnSeconds">The time control: seconds per shot, 0 when untimed.</param>
/// <param name="Spectators">How many watch from the room's spectator places.</param>
internal sealed record LiveMatch(
    Guid MatchId,
    Guid RoomId,
    string RoomName,
    IReadOnlyList<Participant> Players,
    int TurnSeconds,
    int Spectators
)
{
    public static LiveMatch From(RoomView room) =>
        new(room.MatchId!.Value, room.Id, room.Name, [.. room.Players.Select(p => p.Participant)], room.TurnSeconds, room.Spectators.Count);
}
