using Battleship.Engine.Gym;
using CsCheck;

namespace Battleship.Engine.Tests.Gym;

public class GymPropertyTests
{
    /// <summary>Rules of several shapes: the standard game, no touching, the largest board (128 cells, every bit of a UInt128) and a small one with a one-cell ship.</summary>
    private static readonly GameRules[] AllRules =
    [
        GameRules.Standard,
        new(10, 10, GameRules.StandardFleet, shipsMayTouch: false),
        new(8, 16, GameRules.StandardFleet),
        new(3, 5, [new ShipSpec(ShipType.Cruiser, 3), new ShipSpec(ShipType.Destroyer, 1)]),
    ];

    [Fact]
    public void RandomLegalPlay_ManySeeds_KeepsEveryInvariantAndEndsInAWin()
    {
        Gen.Select(Gen.Int[0, AllRules.Length - 1], Gen.ULong)
            .Sample(
                (rulesIndex, seed) =>
                {
                    var rules = AllRules[rulesIndex];
                    var env = new BattleshipEnv(rules);
                    var rng = new Rng(~seed);
                    env.Reset(seed);
                    AssertInvariants(rules, env.View, env.Observation, env.ActionMask);
                    StepResult result = default;

                    while (!env.NeedsReset)
                    {
                        var unshot = env.View.Unshot;
                        result = env.Step(Bitboard.Nth(unshot, rng.NextInt(Bitboard.Count(unshot))));

                        Assert.True(result.Info.IsValid);
                        Assert.Equal(RewardConfig.Default.For(result.Info.Outcome), result.Reward);
                        Assert.Equal(result.Terminated, env.View.AfloatShips == 0);
                        AssertInvariants(rules, env.View, env.Observation, env.ActionMask);
                    }

                    Assert.True(result.Terminated);
                    Assert.False(result.Truncated);
                    Assert.Equal(env.EpisodeSteps, env.ShotsFired);
                    Assert.InRange(env.ShotsFired, rules.FleetCells, rules.Cells);
                },
                iter: 300
            );
    }

    [Fact]
    public void RandomPlayWithInvalidActions_VectorEnv_KeepsEveryInvariantAcrossAutoResets()
    {
        Gen.Select(Gen.Int[0, AllRules.Length - 1], Gen.ULong, Gen.Int[1, 6])
            .Sample(
                (rulesIndex, seed, count) =>
                {
                    var rules = AllRules[rulesIndex];
                    var env = new VectorEnv(rules, count, new EnvOptions { MaxSteps = rules.Cells / 2 });
                    var size = ObservationEncoder.Size(rules);
                    var rng = new Rng(~seed);
                    var actions = new int[count];
                    env.Reset(seed);

                    for (var step = 0; step < rules.Cells; step++)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            var unshot = env.View(i).Unshot;
                            actions[i] =
                                rng.NextInt(4) == 0
                                    ? rng.NextInt(rules.Cells + 2) - 1
                                    : Bitboard.Nth(unshot, rng.NextInt(Bitboard.Count(unshot)));
                        }
                        env.Step(actions);

                        for (var i = 0; i < count; i++)
                        {
                            var buffers = env.Buffers;
                            Assert.False(buffers.Terminated.Span[i] && buffers.Truncated.Span[i]);
                            AssertInvariants(
                                rules,
                                env.View(i),
                                buffers.Observations.Span.Slice(i * size, size),
                                buffers.ActionMasks.Span.Slice(i * rules.Cells, rules.Cells)
                            );
                        }
                    }
                },
                iter: 50
            );
    }

    /// <summary>The invariants that tie an observation and a mask to each other and to the view.</summary>
    private static void AssertInvariants(GameRules rules, TargetView view, ReadOnlySpan<float> observation, ReadOnlySpan<byte> mask)
    {
        var cells = rules.Cells;
        Assert.Equal(ObservationEncoder.Size(rules), observation.Length);
        Assert.False(observation.ContainsAnyExcept(0f, 1f), "an observation value is neither 0 nor 1");

        var counts = new int[4];
        var notOneHot = -1;
        var maskMismatch = -1;
        for (var cell = 0; cell < cells; cell++)
        {
            var hot = 0;
            for (var channel = 0; channel < 4; channel++)
            {
                if (observation[(channel * cells) + cell] == 1f)
                {
                    hot++;
                    counts[channel]++;
                }
            }
            notOneHot = hot != 1 && notOneHot < 0 ? cell : notOneHot;
            maskMismatch = observation[cell] != mask[cell] && maskMismatch < 0 ? cell : maskMismatch;
        }
        Assert.True(notOneHot < 0, $"cell {notOneHot} is not one-hot over unknown/miss/hit/sunk");
        Assert.True(maskMismatch < 0, $"the mask of cell {maskMismatch} differs from its unknown channel");
        Assert.Equal(cells - Bitboard.Count(view.Shots), counts[ObservationEncoder.UnknownChannel]);
        Assert.Equal(Bitboard.Count(view.Misses), counts[ObservationEncoder.MissChannel]);
        Assert.Equal(Bitboard.Count(view.Hits), counts[ObservationEncoder.HitChannel] + counts[ObservationEncoder.SunkChannel]);

        var sunkLength = 0;
        for (var ship = 0; ship < rules.Fleet.Length; ship++)
        {
            var plane = observation.Slice((ObservationEncoder.FirstShipChannel + ship) * cells, cells);
            var afloat = plane[0] == 1f;
            Assert.True(plane.IndexOfAnyExcept(plane[0]) < 0, $"ship channel {ship} is not uniform");
            Assert.Equal(view.IsAfloat(ship), afloat);
            sunkLength += afloat ? 0 : rules.Fleet[ship].Length;
        }
        Assert.Equal(sunkLength, counts[ObservationEncoder.SunkChannel]);

        var encoded = new float[observation.Length];
        ObservationEncoder.Encode(view, encoded);
        Assert.True(observation.SequenceEqual(encoded), "the incremental observation differs from a fresh encoding of the view");
    }
}
