using System.ComponentModel.DataAnnotations;
using Battleship.Db.Archive;

namespace Battleship.Gateway.Apis;

/// <summary>
/// <c>/api/agents</c>: AI agents. Anyone signed in reads them and creates their own; only an
/// agent's owner or an admin changes or deletes it; the built-in agents are read-only.
/// </summary>
internal static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/agents").WithTags("Agents");
        group
            .MapGet("/", ListAgentsAsync)
            .WithName("ListAgents")
            .WithSummary("Agents, built-in ones first, then by name; `mine=true` keeps the caller's own (paged).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapPost("/", CreateAgentAsync)
            .WithName("CreateAgent")
            .WithSummary("Defines a new agent owned by the caller.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapGet("/{id:guid}", GetAgentAsync)
            .WithName("GetAgent")
            .WithSummary("An agent's profile and rating.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/{id:guid}/matches", GetAgentMatchesAsync)
            .WithName("GetAgentMatches")
            .WithSummary("An agent's finished matches, newest first (from the archive).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group
            .MapPut("/{id:guid}", UpdateAgentAsync)
            .WithName("UpdateAgent")
            .WithSummary("Redefines an agent (its owner or an admin; built-in agents cannot be changed).")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict
            );
        group
            .MapDelete("/{id:guid}", DeleteAgentAsync)
            .WithName("DeleteAgent")
            .WithSummary("Deletes an agent (its owner or an admin; built-in agents cannot be deleted).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<Ok<Page<AgentProfile>>> ListAgentsAsync(
        [AsParameters] PageQuery paging,
        bool? mine,
        CurrentUser me,
        AgentStore agents,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = paging.Check();
        return TypedResults.Ok(await agents.ListAgentsAsync(number, size, mine == true ? me.Id : null, cancellationToken));
    }

    private static async Task<Created<AgentProfile>> CreateAgentAsync(
        AgentBody body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var id = Guid.NewGuid();
        var definition = body.ToDefinition(me.Id);
        var profile = await grains
            .Grain<IAgentGrain>(id)
            .CallAsync(nameof(IAgentGrain.DefineAsync), g => g.DefineAsync(definition), cancellationToken);
        return TypedResults.Created($"/api/agents/{id}", profile);
    }

    private static async Task<Ok<AgentDetails>> GetAgentAsync(
        Guid id,
        GrainClient grains,
        RatingStore ratings,
        CancellationToken cancellationToken
    )
    {
        var profile = await grains
            .Grain<IAgentGrain>(id)
            .CallAsync(nameof(IAgentGrain.GetProfileAsync), g => g.GetProfileAsync(), cancellationToken);
        var rating = await RatingSummary.OfAsync(ratings, ParticipantRef.Agent(id), cancellationToken);
        return TypedResults.Ok(new AgentDetails(profile, rating));
    }

    private static async Task<Ok<Page<MatchHistoryItem>>> GetAgentMatchesAsync(
        Guid id,
        [AsParameters] PageQuery paging,
        GrainClient grains,
        MatchStore matches,
        CancellationToken cancellationToken
    )
    {
        var (number, size) = paging.Check();
        await grains.Grain<IAgentGrain>(id).CallAsync(nameof(IAgentGrain.GetProfileAsync), g => g.GetProfileAsync(), cancellationToken); // 404 for an unknown agent
        return TypedResults.Ok(await matches.GetMatchHistoryAsync(ParticipantRef.Agent(id), number, size, cancellationToken));
    }

    private static async Task<Ok<AgentProfile>> UpdateAgentAsync(
        Guid id,
        AgentBody body,
        CurrentUser me,
        GrainClient grains,
        CancellationToken cancellationToken
    )
    {
        var definition = body.ToDefinition(null); // the grain keeps the agent's owner
        return TypedResults.Ok(
            await grains
                .Grain<IAgentGrain>(id)
                .CallAsync(nameof(IAgentGrain.UpdateAsync), g => g.UpdateAsync(me.AsCaller, definition), cancellationToken)
        );
    }

    private static async Task<NoContent> DeleteAgentAsync(Guid id, CurrentUser me, GrainClient grains, CancellationToken cancellationToken)
    {
        await grains.Grain<IAgentGrain>(id).CallAsync(nameof(IAgentGrain.DeleteAsync), g => g.DeleteAsync(me.AsCaller), cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>The body of <c>POST</c> and <c>PUT /api/agents</c>.</summary>
/// <param name="Name">1–32 printable characters.</param>
/// <param name="Kind">Heuristic (one of the engine's policies) or Dqn (a trained checkpoint, served by trainer silos).</param>
/// <param name="Policy">For Heuristic: random, hunt, parity or density; for Dqn: the checkpoint's name.</param>
internal sealed record AgentBody(
    [property: MaxLength(Limits.AgentNameMaxLength)] string? Name,
    AgentKind Kind,
    [property: MaxLength(Limits.AgentPolicyMaxLength)] string? Policy
)
{
    public AgentDefinition ToDefinition(Guid? ownerId) => new(Name ?? "", Kind, Policy ?? "", ownerId);
}

/// <summary>An agent and its rating.</summary>
/// <param name="Agent">Its profile.</param>
/// <param name="Rating">Its rating on the ladder.</param>
internal sealed record AgentDetails(AgentProfile Agent, RatingSummary Rating);
