using System.Diagnostics;
using Battleship.Engine;
using Battleship.Grains;
using Battleship.Grains.Models;

namespace Battleship.Cluster.Tests;

/// <summary>
/// Plays one match through the cluster move by move, the way clients would: users fire at cells
/// of a seeded random order with the turn number they last saw, agents move by themselves. Keeps
/// its own log of every acknowledged shot to compare with what the cluster kept.
/// </summary>
internal sealed class MatchDriver
{
    private readonly FailoverRetry _retry;
    private readonly MatchSetup _setup;
    private readonly Queue<int>[] _targets;

    public MatchDriver(IGrainFactory grains, FailoverRetry retry, Participant playerOne, Participant playerTwo, int seed)
    {
        Grains = grains;
        _retry = retry;
        _setup = new MatchSetup(playerOne, playerTwo, RulesSpec.Standard, FirstPlayer: 0, TurnTimeout: TimeSpan.FromMinutes(30));
        var random = new Random(seed);
        _targets = [.. Enumerable.Range(0, 2).Select(_ => new Queue<int>(Enumerable.Range(0, 100).OrderBy(_ => random.Next())))];
    }

    /// <summary>The match id (the grain key).</summary>
    public Guid MatchId { get; } = Guid.NewGuid();

    /// <summary>The client the driver calls through; replace it after a cluster restart.</summary>
    public IGrainFactory Grains { get; set; }

    public IMatchGrain Grain => Grains.GetGrain<IMatchGrain>(MatchId);

    /// <summary>Every shot the match acknowledged to this driver, in order.</summary>
    public List<ShotView> Acknowledged { get; } = [];

    /// <summary>The turn number last seen.</summary>
    public int TurnNumber { get; private set; }

    /// <summary>Whose turn it is, as last seen (null when over).</summary>
    public int? CurrentPlayer { get; private set; }

    public MatchStatus Status { get; private set; }

    /// <summary>The first user seat: whose view the driver reads.</summary>
    public Guid Viewer => Seats.First(p => p.Kind == ParticipantKind.User).Id;

    private Participant[] Seats => [_setup.PlayerOne, _setup.PlayerTwo];

    /// <summary>Starts the match and places the users' fleets at random (agents place their own).</summary>
    public async Task StartAsync()
    {
        var view = await _retry.CallAsync(() => Grain.StartAsync(_setup));
        foreach (var user in Seats.Where(p => p.Kind == ParticipantKind.User))
        {
            view = await _retry.CallAsync(() => Grain.PlaceFleetAsync(user.Id, null));
        }
        See(view);
        await WaitForAgentAsync();
    }

    /// <summary>Plays <paramref name="userShots"/> user shots (and the agent's answers), or until the end.</summary>
    public async Task PlayAsync(int userShots)
    {
        for (var i = 0; i < userShots && Status != MatchStatus.Finished; i++)
        {
            await FireAsync();
            await WaitForAgentAsync();
        }
    }

    /// <summary>Plays until the match is over.</summary>
    public async Task FinishAsync() => await PlayAsync(int.MaxValue);

    /// <summary>The user shots the match kept, as it replays them, to compare with <see cref="Acknowledged"/>.</summary>
    public async Task<IReadOnlyList<(int Turn, int Player, int Cell, ShotOutcome Outcome, ShipType? Sunk)>> KeptUserShotsAsync()
    {
        var replay = await _retry.CallAsync(() => Grain.GetReplayAsync(Viewer));
        var userSeats = Enumerable.Range(0, 2).Where(i => Seats[i].Kind == ParticipantKind.User).ToHashSet();
        return [.. replay.Moves.Where(m => m.Kind == MoveKind.Shot && userSeats.Contains(m.Player)).Select(m => Key(m.Shot!))];
    }

    /// <summary>What <see cref="Acknowledged"/> holds, in the form of <see cref="KeptUserShotsAsync"/>.</summary>
    public IReadOnlyList<(int Turn, int Player, int Cell, ShotOutcome Outcome, ShipType? Sunk)> AcknowledgedShots =>
        [.. Acknowledged.Select(Key)];

    private static (int, int, int, ShotOutcome, ShipType?) Key(ShotView shot) =>
        (shot.TurnNumber, shot.Player, shot.Cell, shot.Outcome, shot.SunkShip);

    private async Task FireAsync()
    {
        var seat = CurrentPlayer ?? throw new InvalidOperationException($"Match {MatchId}: nobody is to move ({Status}).");
        var user = Seats[seat];
        var cell = _targets[seat].Dequeue();
        var turn = TurnNumber;
        var result = await _retry.CallAsync(() => Grain.FireAsync(user.Id, cell, turn));
        Acknowledged.Add(result.Shot);
        TurnNumber = result.TurnNumber;
        CurrentPlayer = result.NextPlayer;
        Status = result.Status;
    }

    private async Task WaitForAgentAsync()
    {
        var clock = Stopwatch.StartNew();
        while (Status == MatchStatus.InProgress && CurrentPlayer is { } seat && Seats[seat].Kind == ParticipantKind.Agent)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Match {MatchId}: the agent did not move within 30 s (turn {TurnNumber}).");
            }
            await Task.Delay(20);
            See(await _retry.CallAsync(() => Grain.GetViewAsync(Viewer)));
        }
    }

    private void See(MatchView view)
    {
        TurnNumber = view.TurnNumber;
        CurrentPlayer = view.CurrentPlayer;
        Status = view.Status;
    }
}
