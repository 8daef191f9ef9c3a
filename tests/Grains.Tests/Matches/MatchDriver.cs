using Battleship.Engine;

namespace Battleship.Grains.Tests.Matches;

/// <summary>A match between two new users with known fleets, set up for the match tests.</summary>
internal sealed record MatchDriver(Participant One, Participant Two, IMatchGrain Match, FleetLayout FleetOne, FleetLayout FleetTwo)
{
    public Guid Id => Match.GetPrimaryKey();

    /// <summary>A match in the placing phase (no fleet placed yet).</summary>
    public static async Task<MatchDriver> StartAsync(ClusterFixture fixture, ulong seed, TimeSpan? turnTimeout = null)
    {
        var one = await fixture.NewUserAsync("one");
        var two = await fixture.NewUserAsync("two");
        var match = fixture.Grains.GetGrain<IMatchGrain>(Guid.NewGuid());
        await match.StartAsync(new MatchSetup(one, two, RulesSpec.Standard, TurnTimeout: turnTimeout, Seed: seed));
        return new MatchDriver(
            one,
            two,
            match,
            FleetLayout.Random(GameRules.Standard, seed),
            FleetLayout.Random(GameRules.Standard, seed + 1000)
        );
    }

    /// <summary>A match in progress: both known fleets placed.</summary>
    public static async Task<MatchDriver> InProgressAsync(ClusterFixture fixture, ulong seed, TimeSpan? turnTimeout = null)
    {
        var driver = await StartAsync(fixture, seed, turnTimeout);
        await driver.PlaceBothFleetsAsync();
        return driver;
    }

    /// <summary>Places both known fleets, the first player's first.</summary>
    public async Task PlaceBothFleetsAsync()
    {
        await Match.PlaceFleetAsync(One.Id, FleetOne.ToPlacements());
        await Match.PlaceFleetAsync(Two.Id, FleetTwo.ToPlacements());
    }

    public Guid UserOf(int player) => player == 0 ? One.Id : Two.Id;

    public FleetLayout FleetOf(int player) => player == 0 ? FleetOne : FleetTwo;

    /// <summary>
    /// Plays to the end and returns every result: player one alternates a hit and a miss until it
    /// wins; player two only ever finds empty water.
    /// </summary>
    public async Task<List<FireResult>> PlayToTheEndAsync(Func<Task>? beforeEachShot = null)
    {
        var cells = Enumerable.Range(0, GameRules.Standard.Cells).ToList();
        var hitsForOne = new Queue<int>(cells.Where(c => Bitboard.Contains(FleetTwo.Occupied, c)));
        var missesForOne = new Queue<int>(cells.Where(c => !Bitboard.Contains(FleetTwo.Occupied, c)));
        var missesForTwo = new Queue<int>(cells.Where(c => !Bitboard.Contains(FleetOne.Occupied, c)));
        var results = new List<FireResult>();
        var view = await Match.GetViewAsync(One.Id);
        while (view.Status == MatchStatus.InProgress)
        {
            if (beforeEachShot is not null)
            {
                await beforeEachShot();
            }
            var player = view.CurrentPlayer!.Value;
            var cell =
                player == 1 ? missesForTwo.Dequeue()
                : results.Count % 4 == 0 ? missesForOne.Dequeue()
                : hitsForOne.Dequeue();
            results.Add(await Match.FireAsync(UserOf(player), cell, view.TurnNumber));
            view = await Match.GetViewAsync(One.Id);
        }
        return results;
    }
}
