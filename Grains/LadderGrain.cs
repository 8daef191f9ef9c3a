using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>
/// The ladder's scheduler: when enabled, starts agent-vs-agent games on a reminder. A singleton
/// under <see cref="ILadderGrain.Key"/> (other keys activate but never schedule, which tests use).
/// </summary>
/// <remarks>
/// It keeps no state. Ratings live in the archive, one <c>ratings</c> row per participant, which a
/// match end updates in the transaction that archives the match (see
/// <see cref="IGameArchive.ArchiveMatchAsync"/>); the ladder and every rating are read from there.
/// A <c>ladder</c> state row that an older version persisted in grain storage is left alone: this
/// grain declares no persistent state, so nothing reads it.
/// </remarks>
public sealed partial class LadderGrain(IOptions<LadderOptions> options, IGameArchive archive, GameClock clock, ILogger<LadderGrain> logger)
    : Grain,
        ILadderGrain,
        IRemindable
{
    /// <summary>The name of the reminder that starts scheduled games.</summary>
    public const string ScheduledGameReminder = "scheduled-game";

    /// <summary>The most agents a scheduled game is drawn from (the archive's first ones by id).</summary>
    public const int MaxScheduledCandidates = 1_000;

    private readonly LadderOptions _options = options.Value;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_options.ScheduledGames && this.GetPrimaryKeyLong() == ILadderGrain.Key)
        {
            await this.RegisterOrUpdateReminder(
                ScheduledGameReminder,
                _options.ScheduledGamePeriod,
                _options.ScheduledGamePeriod,
                cancellationToken
            );
        }
    }

    /// <inheritdoc />
    public Task WakeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ScheduledGameReminder)
        {
            return;
        }
        if (!_options.ScheduledGames || this.GetPrimaryKeyLong() != ILadderGrain.Key)
        {
            // Scheduled games were switched off since the reminder was registered.
            var reminder = await this.GetReminder(ScheduledGameReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
            return;
        }
        await StartScheduledGameAsync();
    }

    /// <summary>
    /// Starts one match between two distinct agents drawn from the archive: the built-in ones and
    /// every agent with a rating. Only heuristic agents take part: a DQN agent needs a trainer silo,
    /// and a scheduled match must not be forfeited because none is up.
    /// A failure is logged, not thrown: the next tick tries again.
    /// </summary>
    private async Task StartScheduledGameAsync()
    {
        try
        {
            var candidates = await archive.ListLadderAgentsAsync(MaxScheduledCandidates);
            var rng = new Rng((ulong)clock.UtcNow.UtcTicks);
            if (PickPairing(candidates, ref rng) is not { } pairing)
            {
                LadderNoPairing(logger, candidates.Count);
                return;
            }
            var (first, second) = pairing;
            var setup = new MatchSetup(
                Participant.Agent(first.Id, first.Name),
                Participant.Agent(second.Id, second.Name),
                RulesSpec.Standard,
                FirstPlayer: rng.NextInt(2),
                Seed: rng.NextUInt64()
            );
            var matchId = Guid.NewGuid();
            await GrainFactory.GetGrain<IMatchGrain>(matchId).StartAsync(setup);
            LadderMatchScheduled(logger, matchId, first.Id, second.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LadderScheduleFailed(logger, e);
        }
    }

    /// <summary>Two distinct candidates drawn uniformly at random, in random order; null with fewer than two.</summary>
    internal static (AgentProfile First, AgentProfile Second)? PickPairing(IReadOnlyList<AgentProfile> candidates, ref Rng rng)
    {
        if (candidates.Count < 2)
        {
            return null;
        }
        var first = rng.NextInt(candidates.Count);
        var second = rng.NextInt(candidates.Count - 1);
        if (second >= first)
        {
            second++;
        }
        return (candidates[first], candidates[second]);
    }

    [LoggerMessage(2401, LogLevel.Information, "Scheduled ladder match {MatchId} started: {FirstAgentId} against {SecondAgentId}")]
    private static partial void LadderMatchScheduled(ILogger logger, Guid matchId, Guid firstAgentId, Guid secondAgentId);

    [LoggerMessage(2402, LogLevel.Warning, "No scheduled ladder match: {Count} agent(s) can play, two are needed")]
    private static partial void LadderNoPairing(ILogger logger, int count);

    [LoggerMessage(2403, LogLevel.Warning, "A scheduled ladder match could not be started")]
    private static partial void LadderScheduleFailed(ILogger logger, Exception exception);
}
