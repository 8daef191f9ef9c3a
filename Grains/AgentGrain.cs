using System.Diagnostics.CodeAnalysis;
using Battleship.Engine;
using Battleship.Engine.Policies;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Battleship.Grains.State;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains;

/// <summary>
/// An agent: its definition (persisted, mirrored to the archive) and its decisions. Heuristic
/// agents run one of the engine's baseline policies here, on the game silo; DQN agents are served
/// by trainer silos.
/// </summary>
/// <remarks>
/// Decisions are pure functions of the request (what the agent's side knows, and a seed), so the
/// grain keeps no per-match state and one activation serves every match. The decision methods are
/// marked <c>[ReadOnly]</c> on <see cref="IAgentGrain"/>: read-only requests may interleave with
/// each other but never with <see cref="DefineAsync"/>, <see cref="UpdateAsync"/> or <see cref="DeleteAsync"/>, so a decision
/// never sees a definition half-written. Heuristic decisions complete synchronously, so today this
/// changes nothing; once DQN decisions await a policy grain, many of them can be in flight at once.
/// <c>[AlwaysInterleave]</c> is not used: it would let a decision run while a new definition is
/// being written (and might still fail to be written).
/// </remarks>
public sealed partial class AgentGrain(
    [PersistentState("agent", StorageNames.Agents)] IPersistentState<AgentState> state,
    IGameArchive archive,
    GameClock clock,
    ILogger<AgentGrain> logger
) : Grain, IAgentGrain
{
    /// <inheritdoc />
    public Task<AgentProfile> DefineAsync(AgentDefinition definition) => DefineCoreAsync(definition);

    /// <inheritdoc />
    public Task<AgentProfile> UpdateAsync(Caller caller, AgentDefinition definition)
    {
        var current = Editable(caller);
        // The agent keeps its owner; a built-in agent was refused above.
        return DefineCoreAsync(definition is null ? null : definition with { OwnerId = current.OwnerId, IsBuiltIn = false });
    }

    private async Task<AgentProfile> DefineCoreAsync(AgentDefinition? definition)
    {
        var id = this.GetPrimaryKey();
        var (name, policy) = Validate(id, definition);
        var current = state.State;
        var unchanged =
            current.IsDefined
            && current.Name == name
            && current.Kind == definition.Kind
            && current.Policy == policy
            && current.OwnerId == definition.OwnerId
            && current.IsBuiltIn == definition.IsBuiltIn;
        if (!unchanged)
        {
            state.State = new AgentState
            {
                IsDefined = true,
                Name = name,
                Kind = definition.Kind,
                Policy = policy,
                OwnerId = definition.OwnerId,
                IsBuiltIn = definition.IsBuiltIn,
                CreatedAt = current.IsDefined ? current.CreatedAt : clock.UtcNow,
            };
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State = current;
                DeactivateOnIdle();
                throw;
            }
            AgentDefined(logger, id, definition.Kind, policy);
        }

        // Mirrored on every call, also an unchanged one, so that a retry repairs a failed upsert.
        var profile = ToProfile(id, state.State);
        await archive.UpsertAgentAsync(profile);
        return profile;
    }

    /// <inheritdoc />
    public Task<AgentProfile> GetProfileAsync() => Task.FromResult(ToProfile(this.GetPrimaryKey(), Defined()));

    /// <inheritdoc />
    public async Task DeleteAsync(Caller caller)
    {
        var id = this.GetPrimaryKey();
        Editable(caller);

        // The archive first: if it fails the agent still exists here and a retry deletes both.
        await archive.DeleteAgentAsync(id);
        await state.ClearStateAsync();
        state.State = new AgentState();
        AgentDeleted(logger, id);
    }

    /// <inheritdoc />
    public async Task<int> ChooseShotAsync(AgentShotRequest request)
    {
        var agent = Defined();
        if (agent.Kind == AgentKind.Dqn)
        {
            // A trained policy runs on a trainer silo (Unavailable when none is up).
            var chosen = await GrainFactory.GetGrain<IPolicyGrain>(agent.Policy).ChooseShotAsync(request);
            if (!Bitboard.Contains(ToTargetView(request).Unshot, chosen))
            {
                throw new InvalidOperationException($"Policy '{agent.Policy}' chose cell {chosen}, which is not an open cell.");
            }
            return chosen;
        }
        var policy =
            ShotPolicies.Find(agent.Policy)
            ?? throw new InvalidOperationException($"Agent {this.GetPrimaryKey()} names the unknown policy '{agent.Policy}'.");
        return ChooseShot(policy, request);
    }

    /// <summary>
    /// A heuristic policy's shot for <paramref name="request"/>: the same function of the request
    /// wherever it runs (here, or in the match grain for a built-in agent).
    /// </summary>
    internal static int ChooseShot(IShotPolicy policy, AgentShotRequest request)
    {
        var view = ToTargetView(request);
        var rng = new Rng(request.Seed);
        var cell = policy.SelectShot(view, ref rng);
        if (!Bitboard.Contains(view.Unshot, cell))
        {
            throw new InvalidOperationException($"Policy '{policy.Name}' chose cell {cell}, which is not an open cell.");
        }
        return cell;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FleetPlacement>> ChooseFleetAsync(RulesSpec rules, ulong seed)
    {
        Defined();
        if (rules is null)
        {
            throw new BattleshipException(ErrorCode.Validation, "The rules are missing.");
        }

        var placements = FleetLayout.Random(rules.ToRules(), seed).ToPlacements();
        return Task.FromResult(placements);
    }

    /// <summary>
    /// The engine's view of what the requesting side knows, or a <see cref="ErrorCode.Validation"/>
    /// refusal when the request cannot describe a game in progress under its rules: shots off the
    /// board, hits that are not shots, sunk cells that are not hits or do not add up to the ships
    /// reported sunk, more hits on ships afloat than they can take, more misses than open water,
    /// unknown ships afloat, or nothing left to fire at.
    /// </summary>
    internal static TargetView ToTargetView(AgentShotRequest request)
    {
        if (request?.Rules is null)
        {
            throw new BattleshipException(ErrorCode.Validation, "A shot request needs the rules.");
        }
        var rules = request.Rules.ToRules();
        var shots = request.Shots.ToBitboard();
        var hits = request.Hits.ToBitboard();
        var sunk = request.SunkCells.ToBitboard();
        var afloat = request.AfloatShips;
        var fleet = (1u << rules.Fleet.Length) - 1;

        Refuse((shots & ~rules.BoardMask) != UInt128.Zero, "Some shots lie outside the board.");
        Refuse((hits & ~shots) != UInt128.Zero, "Every hit must also be a shot.");
        Refuse((sunk & ~hits) != UInt128.Zero, "Every cell of a sunk ship must be a hit.");
        Refuse((afloat & ~fleet) != 0, "The ships afloat name ships that the fleet does not have.");
        Refuse(afloat == 0, "Every ship is sunk: the game is over.");

        var (sunkLength, afloatSpare) = (0, 0);
        for (var i = 0; i < rules.Fleet.Length; i++)
        {
            if ((afloat & (1u << i)) == 0)
            {
                sunkLength += rules.Fleet[i].Length;
            }
            else
            {
                afloatSpare += rules.Fleet[i].Length - 1; // a ship afloat has at least one cell not hit
            }
        }
        var view = new TargetView(rules, shots, hits, sunk, afloat);
        Refuse(Bitboard.Count(sunk) != sunkLength, "The sunk cells do not match the ships reported sunk.");
        Refuse(Bitboard.Count(view.UnresolvedHits) > afloatSpare, "There are more hits on ships afloat than those ships can take.");
        Refuse(Bitboard.Count(view.Misses) > rules.Cells - rules.FleetCells, "There are more misses than open water on the board.");
        Refuse(view.Unshot == UInt128.Zero, "There is no cell left to fire at.");
        return view;
    }

    private static void Refuse(bool condition, string message)
    {
        if (condition)
        {
            throw new BattleshipException(ErrorCode.Validation, message);
        }
    }

    /// <summary>The checked name and canonical policy of a definition for agent <paramref name="id"/>.</summary>
    private static (string Name, string Policy) Validate(Guid id, [NotNull] AgentDefinition? definition)
    {
        if (definition is null)
        {
            throw new BattleshipException(ErrorCode.Validation, "The definition is missing.");
        }
        var name = PrintableText.Require(definition.Name, Limits.AgentNameMaxLength, "An agent name");
        Refuse(!Enum.IsDefined(definition.Kind), "Unknown agent kind.");

        var shipped = BuiltInAgents.All.FirstOrDefault(a => a.Id == id).Definition;
        Refuse(definition.IsBuiltIn && shipped is null, "Only the built-in agents' ids hold built-in agents.");
        if (shipped is not null && definition != shipped)
        {
            // Only the definition this version ships (which the seeder writes) is accepted for a built-in id.
            throw new BattleshipException(ErrorCode.InvalidTransition, "A built-in agent cannot be replaced.");
        }

        string policy;
        if (definition.Kind == AgentKind.Heuristic)
        {
            policy =
                ShotPolicies.Find(definition.Policy ?? "")?.Name
                ?? throw new BattleshipException(
                    ErrorCode.Validation,
                    $"Unknown heuristic policy; known ones are {string.Join(", ", ShotPolicies.All.Select(p => p.Name))}."
                );
        }
        else
        {
            policy = PrintableText.Require(definition.Policy, Limits.AgentPolicyMaxLength, "A DQN agent's checkpoint name");
        }
        return (name, policy);
    }

    private AgentState Defined() =>
        state.State.IsDefined ? state.State : throw new BattleshipException(ErrorCode.NotFound, "There is no such agent.");

    /// <summary>The agent, when <paramref name="caller"/> may change it: its owner, or an admin; built-in agents are read-only.</summary>
    private AgentState Editable(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var agent = Defined();
        if (!caller.MayChange(agent.OwnerId))
        {
            throw new BattleshipException(ErrorCode.NotOwner, "Only the agent's owner or an admin may change it.");
        }
        if (agent.IsBuiltIn)
        {
            throw new BattleshipException(ErrorCode.InvalidTransition, "Built-in agents are read-only.");
        }
        return agent;
    }

    private static AgentProfile ToProfile(Guid id, AgentState agent) =>
        new(id, agent.Name, agent.Kind, agent.Policy, agent.OwnerId, agent.IsBuiltIn, agent.CreatedAt);

    [LoggerMessage(2201, LogLevel.Information, "Agent {AgentId} defined: {Kind} {Policy}")]
    private static partial void AgentDefined(ILogger logger, Guid agentId, AgentKind kind, string policy);

    [LoggerMessage(2202, LogLevel.Information, "Agent {AgentId} deleted")]
    private static partial void AgentDeleted(ILogger logger, Guid agentId);
}
