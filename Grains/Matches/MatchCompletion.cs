using Battleship.Grains.Models;
using Battleship.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace Battleship.Grains.Matches;

/// <summary>
/// What happens once a match has ended, as one step: rate and archive it (one call, one
/// transaction: the archive is the one source of ratings and records), tell its users and its room,
/// and record that it is completed. Every part is idempotent (the archive stores and rates a match
/// id once; a user's and a room's end notes are idempotent), so a failed attempt is simply
/// repeated: promptly on a timer (<see cref="RetryDelays"/>), and by the match's reminder after a
/// deactivation or a silo's death. The match announces its end only once this succeeded.
/// </summary>
internal sealed class MatchCompletion(Guid matchId, IGameArchive archive, IGrainFactory grains, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// The waits before retrying a failed completion: after the first failure 1 s, then 2 s, 4 s,
    /// and 5 s after every further one, until it succeeds (so a cause that has cleared is retried
    /// within 5 s). The reminder (every minute) carries on after a deactivation or a silo's death.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
    [
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(4),
        TimeSpan.FromSeconds(5),
    ];

    private ITimer? _retry;
    private int _failures;

    /// <summary>
    /// Completes the finished match: archives and rates it, tells its users and room, marks it
    /// completed and stores that with <paramref name="storeCompleted"/>. When any of it fails (also
    /// <paramref name="match"/>, which gives the match as it is now and refuses while its memory is
    /// not verified against its log), logs the failure, has <paramref name="retry"/> called after the
    /// next of <see cref="RetryDelays"/> and returns false.
    /// </summary>
    public async Task<bool> TryCompleteAsync(Func<MatchRules> match, Func<Task> storeCompleted, Action retry)
    {
        CancelRetry(); // this is the attempt a pending retry would have made
        try
        {
            await CompleteAsync(match(), storeCompleted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _failures++;
            var delay = RetryDelays[Math.Min(_failures, RetryDelays.Count) - 1];
            MatchLogMessages.CompletionFailed(logger, e, matchId, _failures, delay);
            _retry = time.CreateTimer(_ => retry(), null, delay, Timeout.InfiniteTimeSpan);
            return false;
        }
        _failures = 0;
        return true;
    }

    /// <summary>Stops a pending retry (the match deactivates; its reminder carries on).</summary>
    public void CancelRetry()
    {
        _retry?.Dispose();
        _retry = null;
    }

    private async Task CompleteAsync(MatchRules match, Func<Task> storeCompleted)
    {
        var s = match.State;
        await archive.ArchiveMatchAsync(match.Replay(_ => true), s.StartedAt, s.FinishedAt!.Value);
        foreach (var user in s.Players.Where(p => p.Kind == ParticipantKind.User))
        {
            await grains.GetGrain<IUserGrain>(user.Id).MatchEndedAsync(matchId);
        }
        if (s.RoomId is { } roomId)
        {
            await grains.GetGrain<IRoomGrain>(roomId).MatchEndedAsync(matchId);
        }
        match.MarkCompleted();
        await storeCompleted();
    }
}
