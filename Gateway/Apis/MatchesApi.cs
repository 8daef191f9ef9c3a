using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using ErrorCode = Battleship.Grains.ErrorCode;

namespace Battleship.Gateway.Apis;

/// <summary>
/// <c>/api/matches</c>: a match against an agent, the caller's view, placing, firing, chat,
/// resigning, the replay and, once the match has ended, the agent's analysis of its moves. The match grain decides who may do what: only its players act, the
/// turn order holds, and no view shows a ship its viewer may not see.
/// </summary>
internal static class MatchesApi
{
    public static IEndpointRouteBuilder MapMatchesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/matches").WithTags("Matches");
        group
            .MapPost("/", CreateMatchAsync)
            .WithName("CreateMatch")
            .WithSummary("Starts a match between the caller and an agent; the agent's fleet is placed at once.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group
            .MapGet(
                "/{id:guid}",
                GrainEndpoint.ForCaller<IMatchGrain, MatchView>(nameof(IMatchGrain.GetViewAsync), (match, me) => match.GetViewAsync(me.Id))
            )
            .WithName("GetMatch")
            .WithSummary("The match as the caller may see it: a player sees their own ships, anyone else none until the end.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/{id:guid}/place", PlaceFleetAsync)
            .WithName("PlaceFleet")
            .WithSummary("Places the caller's fleet: the given layout, or a random one with random: true.")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict
            );
        group
            .MapPost("/{id:guid}/fire", FireAsync)
            .WithName("Fire")
            .WithSummary("Fires at a cell (or row and column) on the turn the caller saw; a repeated shot gets its first answer.")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict
            );
        group
            .MapPost("/{id:guid}/chat", ChatAsync)
            .WithName("PostChat")
            .WithSummary("Posts a chat line (players, and spectators of the match's room).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group
            .MapPost(
                "/{id:guid}/resign",
                GrainEndpoint.ForCaller<IMatchGrain, MatchView>(nameof(IMatchGrain.ResignAsync), (match, me) => match.ResignAsync(me.Id))
            )
            .WithName("Resign")
            .WithSummary("The caller gives the match up.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group
            .MapGet(
                "/{id:guid}/replay",
                GrainEndpoint.ForCaller<IMatchGrain, MatchReplay>(
                    nameof(IMatchGrain.GetReplayAsync),
                    (match, me) => match.GetReplayAsync(me.Id)
                )
            )
            .WithName("GetReplay")
            .WithSummary("The move log; fleets as the caller may see them (a player's own during the match, both after it).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/{id:guid}/analysis", AnalyzeMoveAsync)
            .WithName("GetMoveAnalysis")
            .WithSummary(
                "After the match: the agent's view of the position before a move, from its shooter's knowledge (hit chances per cell, the agent's shot)."
            )
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict,
                StatusCodes.Status503ServiceUnavailable
            );
        return endpoints;
    }

    private static async Task<Created<MatchView>> CreateMatchAsync(
        CreateMatchBody body,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        CurrentUser me,
        UserDirectory users,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        if (body.AgentId is not { } agentId)
        {
            throw new BattleshipException(ErrorCode.Validation, "Name the agent to play against (agentId).");
        }
        if (body.TurnSeconds is < Limits.Untimed or > Limits.MaxTurnSeconds)
        {
            throw new BattleshipException(
                ErrorCode.Validation,
                $"A turn lasts 1 to {Limits.MaxTurnSeconds} seconds, or 0 for no clock (untimed)."
            );
        }
        var agent = await grains
            .Grain<IAgentGrain>(agentId)
            .CallAsync(nameof(IAgentGrain.GetProfileAsync), g => g.GetProfileAsync(), cancellationToken);
        var player = await users.ParticipantAsync(me, cancellationToken);
        var setup = new MatchSetup(
            player,
            Participant.Agent(agent.Id, agent.Name),
            RulesSpec.Standard,
            FirstPlayer: body.YouFirst ? 0 : 1,
            TurnTimeout: body.TurnSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Seed: BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)))
        );
        var id = IdempotencyKey.IdFor(idempotencyKey, me.Id, "matches");
        var view = await grains
            .Grain<IMatchGrain>(id)
            .CallAsync(nameof(IMatchGrain.StartAsync), g => g.StartAsync(setup), cancellationToken);
        return TypedResults.Created($"/api/matches/{id}", view);
    }

    /// <summary>
    /// <c>GET /api/matches/{id}/analysis?move=N</c>: the analysis grain refuses until the match has
    /// ended, for everyone, and reads only the shooter's knowledge.
    /// </summary>
    private static async Task<Ok<MoveAnalysis>> AnalyzeMoveAsync(
        Guid id,
        int? move,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        if (move is not { } index)
        {
            throw new BattleshipException(
                ErrorCode.Validation,
                "Say which move to analyse (move: its 0-based index in the replay's moves)."
            );
        }
        return TypedResults.Ok(
            await grains
                .Grain<IMatchAnalysisGrain>(id)
                .CallAsync(nameof(IMatchAnalysisGrain.AnalyzeAsync), g => g.AnalyzeAsync(me.Id, index), cancellationToken)
        );
    }

    private static async Task<Ok<MatchView>> PlaceFleetAsync(
        Guid id,
        PlaceFleetBody body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        IReadOnlyList<FleetPlacement>? placements = body.Random ? null : body.Placements;
        if (!body.Random && placements is null)
        {
            throw new BattleshipException(ErrorCode.Validation, "Give the fleet's placements, or random: true.");
        }
        return TypedResults.Ok(
            await grains
                .Grain<IMatchGrain>(id)
                .CallAsync(nameof(IMatchGrain.PlaceFleetAsync), g => g.PlaceFleetAsync(me.Id, placements), cancellationToken)
        );
    }

    private static async Task<Ok<FireResult>> FireAsync(
        Guid id,
        FireBody body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        if (body.ExpectedTurn is not { } expectedTurn)
        {
            throw new BattleshipException(ErrorCode.Validation, "Say which turn the shot is for (expectedTurn: the match's turnNumber).");
        }
        var match = grains.Grain<IMatchGrain>(id);
        int cell;
        if (body.Cell is { } given)
        {
            cell = given;
        }
        else if (body.Row is { } row && body.Column is { } column)
        {
            var rules = (await match.CallAsync(nameof(IMatchGrain.GetViewAsync), g => g.GetViewAsync(me.Id), cancellationToken)).Rules;
            if (row < 0 || row >= rules.Rows || column < 0 || column >= rules.Columns)
            {
                throw new BattleshipException(ErrorCode.OutOfBounds, $"Row {row}, column {column} is not on the board.");
            }
            cell = row * rules.Columns + column;
        }
        else
        {
            throw new BattleshipException(ErrorCode.Validation, "Give a cell, or a row and a column.");
        }
        return TypedResults.Ok(
            await match.CallIdempotentAsync(nameof(IMatchGrain.FireAsync), g => g.FireAsync(me.Id, cell, expectedTurn), cancellationToken)
        );
    }

    private static async Task<Ok<ChatMessage>> ChatAsync(
        Guid id,
        ChatBody body,
        CurrentUser me,
        UserDirectory users,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var author = await users.ParticipantAsync(me, cancellationToken);
        var text = body.Text ?? "";
        return TypedResults.Ok(
            await grains
                .Grain<IMatchGrain>(id)
                .CallAsync(nameof(IMatchGrain.PostChatAsync), g => g.PostChatAsync(author, text), cancellationToken)
        );
    }
}

/// <summary>The body of <c>POST /api/matches</c>.</summary>
/// <param name="AgentId">The agent to play against (see <c>GET /api/agents</c>).</param>
/// <param name="YouFirst">Whether the caller fires first (the default).</param>
/// <param name="TurnSeconds">Seconds per shot before the caller forfeits (1–86400, 60 by default); 0 for no clock (untimed).</param>
internal sealed record CreateMatchBody(
    Guid? AgentId,
    bool YouFirst = true,
    [property: Range(Limits.Untimed, Limits.MaxTurnSeconds)] int? TurnSeconds = null
);

/// <summary>The body of <c>POST /api/matches/{id}/place</c>.</summary>
/// <param name="Placements">Every ship of the fleet once: ship, row, column, orientation.</param>
/// <param name="Random">Place a uniformly random fleet instead.</param>
internal sealed record PlaceFleetBody(IReadOnlyList<FleetPlacement>? Placements = null, bool Random = false);

/// <summary>The body of <c>POST /api/matches/{id}/fire</c>: a cell (row × columns + column) or a row and a column.</summary>
/// <param name="ExpectedTurn">The match's <c>turnNumber</c> as the caller saw it.</param>
/// <param name="Cell">The cell index.</param>
/// <param name="Row">The row (with <paramref name="Column"/>, instead of <paramref name="Cell"/>).</param>
/// <param name="Column">The column.</param>
internal sealed record FireBody(int? ExpectedTurn, int? Cell = null, int? Row = null, int? Column = null);

/// <summary>The body of <c>POST /api/matches/{id}/chat</c>.</summary>
/// <param name="Text">1–200 printable characters.</param>
internal sealed record ChatBody([property: MaxLength(Limits.ChatLineMaxLength)] string? Text);
