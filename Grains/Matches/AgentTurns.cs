using Battleship.Engine;
using Battleship.Grains.Models;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains.Matches;

/// <summary>What the agent on turn answered (<see cref="AgentTurns.AskAsync"/>).</summary>
internal enum AgentReply
{
    Shot,

    /// <summary>It refused to play (it is gone, for instance): it forfeits on time at once.</summary>
    Refused,

    /// <summary>It could not be reached: it is on the clock as a person is, and asked again.</summary>
    Unreachable,
}

/// <summary>
/// How a match gets its agents' moves. The shot of a built-in heuristic agent is chosen here, in the
/// match's own turn; any other agent is asked through its grain. An agent that cannot be reached (a
/// DQN agent whose trainer silo is down or restarting, or a silo failing over) is asked again every
/// second on a timer until it answers or its turn's time runs out (docs/chaos.md, trainer-kill).
/// </summary>
internal sealed class AgentTurns(IGrainFactory grains, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private ITimer? _retry;

    /// <summary>The fleets the agents among <paramref name="setup"/>'s players choose, by seat (null for a person).</summary>
    public async Task<IReadOnlyList<FleetPlacement>?[]> ChooseFleetsAsync(MatchSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var players = new[] { setup.PlayerOne, setup.PlayerTwo };
        var fleets = new IReadOnlyList<FleetPlacement>?[2];
        for (var i = 0; i < 2; i++)
        {
            if (players[i].Kind == ParticipantKind.Agent)
            {
                fleets[i] = await grains
                    .GetGrain<IAgentGrain>(players[i].Id)
                    .ChooseFleetAsync(setup.Rules, Rng.ForStream(setup.Seed, (ulong)i).NextUInt64());
            }
        }
        return fleets;
    }

    /// <summary>The shot of the built-in heuristic agent at <paramref name="seat"/> (whose turn it is), chosen now; null for anyone else.</summary>
    public static int? BuiltInShot(MatchRules match, int seat) =>
        match.BuiltInPolicy(seat) is { } policy ? AgentGrain.ChooseShot(policy, match.AgentRequest()) : null;

    /// <summary>Asks the agent on turn for its shot.</summary>
    public async Task<(AgentReply Reply, int Cell)> AskAsync(MatchRules match)
    {
        var player = (int)match.Game.CurrentPlayer;
        var agentId = match.State.Players[player].Id;
        try
        {
            var cell = BuiltInShot(match, player) ?? await grains.GetGrain<IAgentGrain>(agentId).ChooseShotAsync(match.AgentRequest());
            return (AgentReply.Shot, cell);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MatchLogMessages.AgentFailed(logger, e, agentId, match.MatchId);
            return (e is BattleshipException { Code: not ErrorCode.Unavailable } ? AgentReply.Refused : AgentReply.Unreachable, -1);
        }
    }

    /// <summary>
    /// Has <paramref name="retry"/> called in a second, for the agent on turn that could not be
    /// reached; <paramref name="justPutOnTheClock"/> says that its clock started with this failure.
    /// </summary>
    public void RetryLater(MatchRules match, bool justPutOnTheClock, Action retry)
    {
        if (justPutOnTheClock)
        {
            MatchLogMessages.AgentOnTheClock(
                logger,
                match.State.Players[(int)match.Game.CurrentPlayer].Id,
                match.MatchId,
                match.State.TurnDeadline!.Value
            );
        }
        _retry?.Dispose();
        _retry = time.CreateTimer(_ => retry(), null, RetryDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops a pending retry (the match deactivates; its reminder carries on).</summary>
    public void CancelRetry()
    {
        _retry?.Dispose();
        _retry = null;
    }
}
