using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.Ratings;
using Battleship.Grains.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>
/// The ladder: Glicko-2 ratings of users and agents, the ranking and, when enabled, scheduled
/// agent-vs-agent games. A singleton under <see cref="ILadderGrain.Key"/> (other keys make
/// independent ladders, which tests use; only the singleton schedules games).
/// </summary>
/// <remarks>
/// Each recorded match is one rating period with one game for each side, and both sides are rated
/// from their ratings before the match. A match id is rated at most once: the ids of the latest
/// <see cref="LadderOptions.RememberedMatches"/> matches are kept, and the answers of the latest
/// <see cref="RecentResultCapacity"/> are kept so that a retried call gets the first answer. The
/// state is written before any answer leaves the grain.
/// </remarks>
public sealed partial class LadderGrain(
    [PersistentState("ladder", StorageNames.Agents)] IPersistentState<LadderState> state,
    IOptions<LadderOptions> options,
    GameClock clock,
    ILogger<LadderGrain> logger
) : Grain, ILadderGrain, IRemindable
{
    /// <summary>The name of the reminder that starts scheduled games.</summary>
    public const string ScheduledGameReminder = "scheduled-game";

    /// <summary>How many recorded matches keep their full answer for retries.</summary>
    public const int RecentResultCapacity = 100;

    private readonly LadderOptions _options = options.Value;
    private readonly Glicko2 _glicko = new(options.Value.Tau);
    private HashSet<Guid> _recorded = [];
    private List<RatingRecord>? _ranking;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _recorded = [.. state.State.RecordedMatches];
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
    public async Task<IReadOnlyList<RatingChange>> RecordResultAsync(MatchResult result)
    {
        Validate(result);
        if (_recorded.Contains(result.MatchId))
        {
            return Repeat(result);
        }

        var winnerBefore = Find(result.Winner) ?? Unrated(result.Winner);
        var loserBefore = Find(result.Loser) ?? Unrated(result.Loser);
        var now = clock.UtcNow;
        var winnerAfter = After(winnerBefore, result.Winner, loserBefore, won: true, now);
        var loserAfter = After(loserBefore, result.Loser, winnerBefore, won: false, now);

        var snapshot = Snapshot();
        Remember(result.MatchId, winnerBefore, winnerAfter, loserBefore, loserAfter);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Restore(snapshot);
            DeactivateOnIdle();
            throw;
        }
        LogRecorded(logger, result.MatchId, winnerAfter.Rating - winnerBefore.Rating, loserAfter.Rating - loserBefore.Rating);
        return [new(ToView(winnerBefore), ToView(winnerAfter)), new(ToView(loserBefore), ToView(loserAfter))];
    }

    /// <inheritdoc />
    public Task<Page<LadderEntry>> GetRankingAsync(int pageNumber, int pageSize)
    {
        Paging.Validate(pageNumber, pageSize);

        var ranking = _ranking ??= Rank(state.State.Ratings.Values);
        var skip = (long)(pageNumber - 1) * pageSize;
        var items = new List<LadderEntry>();
        for (var i = skip; i < ranking.Count && i < skip + pageSize; i++)
        {
            items.Add(new LadderEntry((int)i + 1, ToView(ranking[(int)i])));
        }
        return Task.FromResult(new Page<LadderEntry>(items, pageNumber, pageSize, ranking.Count));
    }

    /// <inheritdoc />
    public Task<RatingView> GetRatingAsync(Participant participant)
    {
        if (participant is null)
        {
            throw new BattleshipException(ErrorCode.Validation, "The participant is missing.");
        }
        return Task.FromResult(ToView(Find(participant) ?? Unrated(participant)));
    }

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
    /// Starts one match between two distinct agents: the built-in ones and every agent on the
    /// ladder that still exists. Only heuristic agents take part: a DQN agent needs a trainer silo,
    /// and a scheduled match must not be forfeited because none is up.
    /// A failure is logged, not thrown: the next tick tries again.
    /// </summary>
    private async Task StartScheduledGameAsync()
    {
        try
        {
            var ids = BuiltInAgents
                .All.Select(a => a.Id)
                .Concat(state.State.Ratings.Values.Where(r => r.Kind == ParticipantKind.Agent).Select(r => r.Id))
                .Distinct()
                .ToList();
            var candidates = new List<AgentProfile>();
            foreach (var id in ids)
            {
                try
                {
                    var profile = await GrainFactory.GetGrain<IAgentGrain>(id).GetProfileAsync();
                    if (profile.Kind == AgentKind.Heuristic)
                    {
                        candidates.Add(profile);
                    }
                }
                catch (BattleshipException e) when (e.Code == ErrorCode.NotFound)
                {
                    // Deleted since it was rated.
                }
            }

            var rng = new Rng((ulong)clock.UtcNow.UtcTicks);
            if (PickPairing(candidates, ref rng) is not { } pairing)
            {
                LogNoPairing(logger, candidates.Count);
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
            LogScheduled(logger, matchId, first.Id, second.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScheduleFailed(logger, e);
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

    /// <summary>
    /// The best first: higher rating, then lower deviation (the surer rating), then more games,
    /// then users before agents and lower ids, so that equal ratings always rank the same way.
    /// </summary>
    internal static List<RatingRecord> Rank(IEnumerable<RatingRecord> records) =>
        [
            .. records
                .OrderByDescending(r => r.Rating)
                .ThenBy(r => r.Deviation)
                .ThenByDescending(r => r.Games)
                .ThenBy(r => r.Kind)
                .ThenBy(r => r.Id),
        ];

    private static void Validate(MatchResult result)
    {
        if (result?.Winner is null || result.Loser is null)
        {
            throw new BattleshipException(ErrorCode.Validation, "A result names its match, winner and loser.");
        }
        if (result.MatchId == Guid.Empty)
        {
            throw new BattleshipException(ErrorCode.Validation, "A result needs a match id.");
        }
        if (!Enum.IsDefined(result.Winner.Kind) || !Enum.IsDefined(result.Loser.Kind))
        {
            throw new BattleshipException(ErrorCode.Validation, "A participant is a user or an agent.");
        }
        if (result.Winner.Kind == result.Loser.Kind && result.Winner.Id == result.Loser.Id)
        {
            throw new BattleshipException(ErrorCode.Validation, "A participant cannot play against itself.");
        }
    }

    /// <summary>The answer to a match already rated: the first answer while it is remembered, else no change.</summary>
    private List<RatingChange> Repeat(MatchResult result)
    {
        var recent = state.State.RecentResults.FindLast(r => r.MatchId == result.MatchId);
        if (recent is not null)
        {
            return
            [
                new(ToView(recent.WinnerBefore), ToView(recent.WinnerAfter)),
                new(ToView(recent.LoserBefore), ToView(recent.LoserAfter)),
            ];
        }
        var winner = ToView(Find(result.Winner) ?? Unrated(result.Winner));
        var loser = ToView(Find(result.Loser) ?? Unrated(result.Loser));
        return [new(winner, winner), new(loser, loser)];
    }

    private RatingRecord After(RatingRecord before, Participant participant, RatingRecord opponent, bool won, DateTimeOffset now)
    {
        var rating = _glicko.Rate(ToGlicko(before), ToGlicko(opponent), won ? 1 : 0);
        return new RatingRecord
        {
            Kind = participant.Kind,
            Id = participant.Id,
            DisplayName = participant.DisplayName ?? before.DisplayName,
            Rating = rating.Rating,
            Deviation = rating.Deviation,
            Volatility = rating.Volatility,
            Games = before.Games + 1,
            Wins = before.Wins + (won ? 1 : 0),
            Losses = before.Losses + (won ? 0 : 1),
            Streak = won ? Math.Max(before.Streak, 0) + 1 : Math.Min(before.Streak, 0) - 1,
            UpdatedAt = now,
        };
    }

    private void Remember(
        Guid matchId,
        RatingRecord winnerBefore,
        RatingRecord winnerAfter,
        RatingRecord loserBefore,
        RatingRecord loserAfter
    )
    {
        var ladder = state.State;
        ladder.Ratings[RatingRecord.KeyOf(winnerAfter.Kind, winnerAfter.Id)] = winnerAfter;
        ladder.Ratings[RatingRecord.KeyOf(loserAfter.Kind, loserAfter.Id)] = loserAfter;

        ladder.RecordedMatches.Add(matchId);
        _recorded.Add(matchId);
        var excess = ladder.RecordedMatches.Count - Math.Max(_options.RememberedMatches, 1);
        if (excess > 0)
        {
            foreach (var old in ladder.RecordedMatches.Take(excess))
            {
                _recorded.Remove(old);
            }
            ladder.RecordedMatches.RemoveRange(0, excess);
        }

        ladder.RecentResults.Add(
            new RecordedResult
            {
                MatchId = matchId,
                WinnerBefore = winnerBefore,
                WinnerAfter = winnerAfter,
                LoserBefore = loserBefore,
                LoserAfter = loserAfter,
            }
        );
        if (ladder.RecentResults.Count > RecentResultCapacity)
        {
            ladder.RecentResults.RemoveRange(0, ladder.RecentResults.Count - RecentResultCapacity);
        }
        _ranking = null;
    }

    private LadderState Snapshot() =>
        new()
        {
            Ratings = new(state.State.Ratings),
            RecordedMatches = [.. state.State.RecordedMatches],
            RecentResults = [.. state.State.RecentResults],
        };

    private void Restore(LadderState snapshot)
    {
        state.State = snapshot;
        _recorded = [.. snapshot.RecordedMatches];
        _ranking = null;
    }

    private RatingRecord? Find(Participant participant) =>
        state.State.Ratings.GetValueOrDefault(RatingRecord.KeyOf(participant.Kind, participant.Id));

    private static RatingRecord Unrated(Participant participant) =>
        new()
        {
            Kind = participant.Kind,
            Id = participant.Id,
            DisplayName = participant.DisplayName ?? "",
            Rating = Glicko2Rating.Initial.Rating,
            Deviation = Glicko2Rating.Initial.Deviation,
            Volatility = Glicko2Rating.Initial.Volatility,
        };

    private static Glicko2Rating ToGlicko(RatingRecord record) => new(record.Rating, record.Deviation, record.Volatility);

    private static RatingView ToView(RatingRecord record) =>
        new(
            new Participant(record.Kind, record.Id, record.DisplayName),
            record.Rating,
            record.Deviation,
            record.Volatility,
            record.Games,
            record.Wins,
            record.Losses,
            record.Streak,
            record.UpdatedAt
        );

    [LoggerMessage(Level = LogLevel.Information, Message = "Match {MatchId} rated: winner {WinnerDelta:F1}, loser {LoserDelta:F1}")]
    private static partial void LogRecorded(ILogger logger, Guid matchId, double winnerDelta, double loserDelta);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Scheduled ladder match {MatchId} started: {FirstAgentId} against {SecondAgentId}"
    )]
    private static partial void LogScheduled(ILogger logger, Guid matchId, Guid firstAgentId, Guid secondAgentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No scheduled ladder match: {Count} agent(s) can play, two are needed")]
    private static partial void LogNoPairing(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A scheduled ladder match could not be started")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception);
}
