using System.Collections.Concurrent;
using System.Threading.Channels;
using Battleship.Db.Archive;
using Battleship.Grains.Persistence;

namespace Battleship.Grains.Tests.Matches;

/// <summary>
/// The real archive (<see cref="SqlGameArchive"/> on PostgreSQL) with a fault switch at its
/// boundary: while a match is marked failing, archiving it throws what the real archive throws when
/// the database is down (<see cref="ErrorCode.Unavailable"/>). Every attempt to archive a match is
/// counted and can be awaited.
/// </summary>
internal sealed class FailingArchive(SqlGameArchive real) : IGameArchive
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<Guid, bool> _failing = new();
    private readonly ConcurrentDictionary<Guid, Channel<int>> _attempts = new();
    private readonly ConcurrentDictionary<Guid, int> _counts = new();

    /// <summary>From now on, archiving <paramref name="matchId"/> fails until <see cref="Heal"/>.</summary>
    public void Fail(Guid matchId) => _failing[matchId] = true;

    /// <summary>Archiving <paramref name="matchId"/> works again.</summary>
    public void Heal(Guid matchId) => _failing[matchId] = false;

    /// <summary>How many times the grains tried to archive <paramref name="matchId"/> so far.</summary>
    public int Attempts(Guid matchId) => _counts.GetValueOrDefault(matchId);

    /// <summary>Waits for the next attempt to archive <paramref name="matchId"/> and returns its number (1 for the first).</summary>
    public async Task<int> NextAttemptAsync(Guid matchId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await AttemptsOf(matchId).Reader.ReadAsync(timeout.Token);
    }

    /// <inheritdoc />
    public Task ArchiveMatchAsync(
        MatchReplay match,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(match);
        var attempt = _counts.AddOrUpdate(match.MatchId, 1, (_, n) => n + 1);
        AttemptsOf(match.MatchId).Writer.TryWrite(attempt);
        return _failing.GetValueOrDefault(match.MatchId)
            ? throw new BattleshipException(ErrorCode.Unavailable, "The archive is unavailable (a test fault).")
            : real.ArchiveMatchAsync(match, startedAt, finishedAt, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentProfile>> ListLadderAgentsAsync(int limit, CancellationToken cancellationToken = default) =>
        real.ListLadderAgentsAsync(limit, cancellationToken);

    /// <inheritdoc />
    public Task<ResolvedUser> ResolveUserAsync(UserIdentity identity, CancellationToken cancellationToken = default) =>
        real.ResolveUserAsync(identity, cancellationToken);

    /// <inheritdoc />
    public Task UpdateDisplayNameAsync(Guid userId, string displayName, CancellationToken cancellationToken = default) =>
        real.UpdateDisplayNameAsync(userId, displayName, cancellationToken);

    /// <inheritdoc />
    public Task UpsertAgentAsync(AgentProfile agent, CancellationToken cancellationToken = default) =>
        real.UpsertAgentAsync(agent, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAgentAsync(Guid agentId, CancellationToken cancellationToken = default) =>
        real.DeleteAgentAsync(agentId, cancellationToken);

    /// <inheritdoc />
    public Task UpsertTrainingJobAsync(TrainingJobView job, CancellationToken cancellationToken = default) =>
        real.UpsertTrainingJobAsync(job, cancellationToken);

    /// <inheritdoc />
    public Task UpsertRoomAsync(RoomView room, CancellationToken cancellationToken = default) =>
        real.UpsertRoomAsync(room, cancellationToken);

    private Channel<int> AttemptsOf(Guid matchId) => _attempts.GetOrAdd(matchId, _ => Channel.CreateUnbounded<int>());
}
