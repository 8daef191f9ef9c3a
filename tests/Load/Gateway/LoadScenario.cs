using Battleship.Engine;

namespace Battleship.Load.Gateway;

/// <summary>
/// A running scenario: <see cref="SetupAsync"/> signs everybody in and opens the connections,
/// <see cref="PlayAsync"/> plays until <c>stop</c> is cancelled and then ends what it started
/// (resigning unfinished matches, so that no match is left waiting for its clock), and
/// <see cref="Ledger"/> holds every acknowledged shot for the replay check.
/// </summary>
public abstract class LoadScenario(Scenario scenario, GatewayApi api, LoadStats stats) : IAsyncDisposable
{
    private readonly List<MatchConnection> _connections = [];

    protected Scenario Settings { get; } = scenario;

    protected GatewayApi Api { get; } = api;

    protected LoadStats Stats { get; } = stats;

    /// <summary>Every acknowledged shot of the run.</summary>
    public MatchLedger Ledger { get; } = new();

    /// <summary>Creates the scenario of <paramref name="scenario"/>'s kind.</summary>
    public static LoadScenario Create(Scenario scenario, GatewayApi api, LoadStats stats) =>
        scenario.Kind switch
        {
            ScenarioKind.VersusAgent => new VersusAgentScenario(scenario, api, stats),
            ScenarioKind.Rooms => new RoomsScenario(scenario, api, stats),
            ScenarioKind.LobbyChurn => new LobbyChurnScenario(scenario, api, stats),
            ScenarioKind.WalProbe => new VersusAgentScenario(scenario, api, stats),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario.Kind, "Unknown scenario kind."),
        };

    /// <summary>Signs in and connects every participant.</summary>
    public abstract Task SetupAsync(CancellationToken ct);

    /// <summary>Plays until <paramref name="stopPlaying"/> is cancelled, then ends cleanly; <paramref name="abort"/> ends it at once.</summary>
    public abstract Task PlayAsync(CancellationToken stopPlaying, CancellationToken abort);

    /// <summary>Opens <paramref name="count"/> match-hub connections, <see cref="Scenario.ConnectConcurrency"/> at a time.</summary>
    protected async Task<MatchConnection[]> OpenMatchConnectionsAsync(int count, string role, CancellationToken ct)
    {
        var opened = new MatchConnection[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Settings.ConnectConcurrency, CancellationToken = ct },
            async (i, token) => opened[i] = await MatchConnection.OpenAsync(Api, $"load {role} {i}", Stats, token)
        );
        lock (_connections)
        {
            _connections.AddRange(opened);
        }
        return opened;
    }

    /// <summary>The cells of a standard board in the seeded order of <paramref name="stream"/> (a player's sweep in one match).</summary>
    protected internal int[] ShotOrder(ulong stream)
    {
        var rng = Rng.ForStream(Settings.Seed, stream);
        return ShotOrders.Shuffled(ref rng);
    }

    /// <summary>Runs <paramref name="action"/>; a failure is counted and returns false instead of throwing.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Stats.Failed(e);
            return false;
        }
    }

    /// <summary>
    /// Gives a match up (at the end of a run, or after a failed shot). A match that ended a moment
    /// earlier (the opponent's winning shot crossed the resignation) refuses with <c>GameOver</c>:
    /// that is no failure.
    /// </summary>
    protected async Task ResignAsync(MatchConnection player, Guid matchId, CancellationToken ct)
    {
        try
        {
            await player.InvokeAsync<ViewDto>("Resign", [matchId], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (GatewayException.CodeOf(e) != "GameOver")
            {
                Stats.Failed(e);
            }
        }
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
