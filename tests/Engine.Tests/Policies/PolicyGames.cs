using Battleship.Engine.Policies;

namespace Battleship.Engine.Tests.Policies;

/// <summary>A policy firing alone at a standard fleet drawn from a seed, until the fleet is sunk.</summary>
internal static class PolicyGames
{
    /// <summary>Asserts that seed 7 gives the same shots twice and that seed 8 gives other shots.</summary>
    public static void AssertReproducibleFromTheSeed(IShotPolicy policy)
    {
        var first = Shots(policy, seed: 7);
        var second = Shots(policy, seed: 7);
        var other = Shots(policy, seed: 8);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    /// <summary>The cells <paramref name="policy"/> fires at, in order; one generator draws the fleet, then drives the policy.</summary>
    private static List<int> Shots(IShotPolicy policy, ulong seed)
    {
        var rng = new Rng(seed);
        var ocean = new Ocean(FleetLayout.Random(GameRules.Standard, ref rng));
        var log = new List<int>();
        while (!ocean.AllSunk)
        {
            var cell = policy.SelectShot(ocean.View, ref rng);
            ocean.Fire(cell);
            log.Add(cell);
        }
        return log;
    }
}
