using Battleship.Engine.Gym;
using Battleship.Engine.Tests.Rules;

namespace Battleship.Engine.Tests.Gym;

public class BattleshipEnvTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    [Fact]
    public void Reset_Seed_WritesTheFirstObservationAndAnAllLegalMask()
    {
        var env = new BattleshipEnv(Rules);
        var ocean = Expected.OceanFor(Rules, 42);

        var observation = env.Reset(42);

        Expected.Equal(Expected.Observation(ocean), observation, Rules.Cells);
        Assert.Equal(Enumerable.Repeat((byte)1, Rules.Cells), env.ActionMask.ToArray());
        Assert.Equal(0, env.EpisodeSteps);
        Assert.Equal(0, env.ShotsFired);
        Assert.Equal(0f, env.EpisodeReturn);
        Assert.False(env.NeedsReset);
    }

    [Fact]
    public void Reset_Seed_PlaysAgainstTheFleetThatFleetLayoutRandomDraws()
    {
        var env = new BattleshipEnv(Rules);
        var layout = FleetLayout.Random(Rules, 7);
        env.Reset(7);

        var hits = UInt128.Zero;
        for (var cell = 0; cell < Rules.Cells && !env.NeedsReset; cell++)
        {
            if (env.Step(cell).Info.Outcome != StepOutcome.Miss)
            {
                hits |= Bitboard.Bit(cell);
            }
        }

        Assert.Equal(layout.Occupied, hits);
        Assert.Equal(layout.Occupied, env.View.SunkCells);
    }

    [Fact]
    public void Reset_SameSeed_GivesTheSameObservationsRewardsAndInfos()
    {
        var first = new BattleshipEnv(Rules);
        var second = new BattleshipEnv(Rules);

        Assert.Equal(first.Reset(123).ToArray(), second.Reset(123).ToArray());
        for (var cell = 0; cell < Rules.Cells && !first.NeedsReset; cell++)
        {
            var a = first.Step(cell);
            var b = second.Step(cell);

            Assert.Equal(a, b);
            Assert.Equal(first.Observation.ToArray(), second.Observation.ToArray());
            Assert.Equal(first.ActionMask.ToArray(), second.ActionMask.ToArray());
        }
        Assert.True(second.NeedsReset);
    }

    [Fact]
    public void Reset_DifferentSeeds_PlaceDifferentFleets()
    {
        var env = new BattleshipEnv(Rules);

        var outcomes = new List<string>();
        for (ulong seed = 0; seed < 20; seed++)
        {
            env.Reset(seed);
            var played = new List<StepOutcome>();
            for (var cell = 0; cell < Rules.Cells && !env.NeedsReset; cell++)
            {
                played.Add(env.Step(cell).Info.Outcome);
            }
            outcomes.Add(string.Join(',', played));
        }

        Assert.Equal(20, outcomes.Distinct().Count());
    }

    [Fact]
    public void Reset_MidEpisode_StartsAFreshEpisode()
    {
        var env = new BattleshipEnv(Rules);
        env.Reset(5);
        env.Step(0);
        env.Step(0);
        env.Step(1);

        var observation = env.Reset(6);

        Expected.Equal(Expected.Observation(Expected.OceanFor(Rules, 6)), observation, Rules.Cells);
        Assert.Equal(Enumerable.Repeat((byte)1, Rules.Cells), env.ActionMask.ToArray());
        Assert.Equal(0, env.EpisodeSteps);
        Assert.Equal(0, env.ShotsFired);
        Assert.Equal(0f, env.EpisodeReturn);
        Assert.Equal(UInt128.Zero, env.View.Shots);
    }

    [Theory]
    [InlineData(11UL, false, -0.1f, StepOutcome.Miss, Expected.Miss)] // the first water cell
    [InlineData(12UL, true, 1f, StepOutcome.Hit, Expected.Hit)] // the Carrier's first cell
    public void Step_MissOrHit_SetsOnlyItsChannel_ClearsTheMask_AndLeavesTheShipChannels(
        ulong seed,
        bool atAShip,
        float reward,
        StepOutcome outcome,
        int channel
    )
    {
        var (env, ocean) = ResetWithOcean(seed);
        var cell = atAShip ? Bitboard.First(ocean.ShipMask(0)) : Expected.FirstWater(ocean);

        var result = StepBoth(env, ocean, cell);

        Assert.Equal(new StepResult(reward, false, false, new StepInfo(outcome, MoveError.None, null, 1, 1)), result);
        Expected.Equal(Expected.Observation(ocean), env.Observation, Rules.Cells);
        Assert.Equal(Expected.Mask(ocean), env.ActionMask.ToArray());
        Assert.Equal(1f, env.Observation[(channel * Rules.Cells) + cell]);
        Assert.Equal(0f, env.Observation[(Expected.Unknown * Rules.Cells) + cell]);
        Assert.Equal(Enumerable.Repeat(1f, Rules.Cells), env.Observation.Slice(Expected.FirstShip * Rules.Cells, Rules.Cells).ToArray());
    }

    [Fact]
    public void Step_SinkingShot_MovesTheShipFromHitToSunkAndClearsItsShipChannel()
    {
        var (env, ocean) = ResetWithOcean(13);
        var destroyer = Expected.CellsOf(ocean.ShipMask(4));
        StepBoth(env, ocean, Expected.FirstWater(ocean));
        StepBoth(env, ocean, destroyer[0]);

        var result = StepBoth(env, ocean, destroyer[1]);

        Assert.Equal(new StepResult(1f, false, false, new StepInfo(StepOutcome.Sunk, MoveError.None, ShipType.Destroyer, 3, 3)), result);
        Expected.Equal(Expected.Observation(ocean), env.Observation, Rules.Cells);
        Assert.Equal(Expected.Mask(ocean), env.ActionMask.ToArray());
        var cells = Rules.Cells;
        Assert.All(destroyer, cell => Assert.Equal(0f, env.Observation[(Expected.Hit * cells) + cell]));
        Assert.All(destroyer, cell => Assert.Equal(1f, env.Observation[(Expected.Sunk * cells) + cell]));
        Assert.Equal(new float[cells], env.Observation.Slice((Expected.FirstShip + 4) * cells, cells).ToArray());
        Assert.Equal(Enumerable.Repeat(1f, cells), env.Observation.Slice((Expected.FirstShip + 3) * cells, cells).ToArray());
    }

    [Fact]
    public void Step_EachOutcome_PaysItsConfiguredReward()
    {
        var rewards = new RewardConfig
        {
            Miss = -0.25f,
            Hit = 0.5f,
            Sunk = 2f,
            Win = 10f,
            Invalid = -3f,
        };
        var (env, ocean) = ResetWithOcean(21, new EnvOptions { Rewards = rewards });
        var water = Expected.FirstWater(ocean);
        var ships = Enumerable.Range(0, Rules.Fleet.Length).Select(i => Expected.CellsOf(ocean.ShipMask(i))).ToArray();

        var miss = env.Step(water);
        var invalid = env.Step(water);
        var hit = env.Step(ships[0][0]);
        var sunk = ships[0].Skip(1).Select(cell => env.Step(cell)).ToArray()[^1];
        var lastShots = ships.Skip(1).SelectMany(ship => ship).Select(cell => env.Step(cell)).ToArray();
        var win = lastShots[^1];

        Assert.Equal((-0.25f, StepOutcome.Miss), (miss.Reward, miss.Info.Outcome));
        Assert.Equal((-3f, StepOutcome.Invalid), (invalid.Reward, invalid.Info.Outcome));
        Assert.Equal((0.5f, StepOutcome.Hit), (hit.Reward, hit.Info.Outcome));
        Assert.Equal((2f, StepOutcome.Sunk), (sunk.Reward, sunk.Info.Outcome));
        Assert.Equal((10f, StepOutcome.Win), (win.Reward, win.Info.Outcome));
        Assert.Equal(3, lastShots.Count(s => s.Info.Outcome == StepOutcome.Sunk));
        Assert.Equal(-0.25f - 3f + (0.5f * 12) + (2f * 4) + 10f, env.EpisodeReturn, 4);
    }

    [Fact]
    public void Step_AlreadyFiredCell_IsPenalisedAndChangesNothing()
    {
        var (env, ocean) = ResetWithOcean(31);
        var shipCell = Bitboard.First(ocean.Occupied);
        env.Step(shipCell);
        var observation = env.Observation.ToArray();
        var mask = env.ActionMask.ToArray();
        var view = env.View;

        var result = env.Step(shipCell);

        Assert.Equal(new StepResult(-1f, false, false, new StepInfo(StepOutcome.Invalid, MoveError.AlreadyFired, null, 1, 2)), result);
        Assert.False(result.Info.IsValid);
        Assert.Equal(observation, env.Observation.ToArray());
        Assert.Equal(mask, env.ActionMask.ToArray());
        Assert.Equal(view, env.View);
        Assert.Equal(2, env.EpisodeSteps);
        Assert.Equal(1, env.ShotsFired);
    }

    [Theory]
    [MemberData(nameof(TestBoards.CellsOffTheStandardBoard), MemberType = typeof(TestBoards))]
    public void Step_OffTheBoardAction_IsPenalisedAndChangesNothing(int action)
    {
        var env = new BattleshipEnv(Rules);
        var observation = env.Reset(32).ToArray();

        var result = env.Step(action);

        Assert.Equal(new StepResult(-1f, false, false, new StepInfo(StepOutcome.Invalid, MoveError.OutOfBounds, null, 0, 1)), result);
        Assert.Equal(observation, env.Observation.ToArray());
        Assert.Equal(Enumerable.Repeat((byte)1, Rules.Cells), env.ActionMask.ToArray());
        Assert.Equal(UInt128.Zero, env.View.Shots);
    }

    [Fact]
    public void Step_AtTheStepLimit_IsTruncated()
    {
        var (env, ocean) = ResetWithOcean(41, new EnvOptions { MaxSteps = 3 });
        var water = Expected.CellsOf(Rules.BoardMask & ~ocean.Occupied);

        var first = env.Step(water[0]);
        var second = env.Step(water[1]);
        var third = env.Step(water[2]);

        Assert.False(first.IsDone);
        Assert.False(second.IsDone);
        Assert.Equal(new StepResult(-0.1f, false, true, new StepInfo(StepOutcome.Miss, MoveError.None, null, 3, 3)), third);
        Assert.True(env.NeedsReset);
    }

    [Fact]
    public void Step_InvalidActions_CountTowardsTheStepLimit()
    {
        var env = new BattleshipEnv(Rules, new EnvOptions { MaxSteps = 4 });
        env.Reset(42);

        var results = new[] { env.Step(-1), env.Step(-1), env.Step(-1), env.Step(-1) };

        Assert.Equal([false, false, false, true], results.Select(r => r.Truncated));
        Assert.All(results, r => Assert.False(r.Terminated));
        Assert.Equal(new StepInfo(StepOutcome.Invalid, MoveError.OutOfBounds, null, 0, 4), results[^1].Info);
    }

    [Fact]
    public void Step_DefaultStepLimit_IsOneStepPerCell()
    {
        var env = new BattleshipEnv(Rules);
        env.Reset(43);

        var truncatedAt = 0;
        for (var step = 1; step <= Rules.Cells && truncatedAt == 0; step++)
        {
            truncatedAt = env.Step(Rules.Cells).Truncated ? step : 0;
        }

        Assert.Equal(Rules.Cells, env.MaxSteps);
        Assert.Equal(Rules.Cells, truncatedAt);
    }

    [Fact]
    public void Step_SinkingTheLastShip_TerminatesWithAWin()
    {
        var (env, ocean) = ResetWithOcean(51);
        var shipCells = Expected.CellsOf(ocean.Occupied);

        var results = shipCells.Select(cell => StepBoth(env, ocean, cell)).ToArray();

        Assert.All(results[..^1], r => Assert.False(r.IsDone));
        var last = results[^1];
        Assert.True(last.Terminated);
        Assert.False(last.Truncated);
        Assert.Equal(StepOutcome.Win, last.Info.Outcome);
        Assert.NotNull(last.Info.SunkShip);
        Assert.Equal(Rules.FleetCells, last.Info.ShotsFired);
        Assert.Equal(Rules.FleetCells, last.Info.EpisodeSteps);
        Expected.Equal(Expected.Observation(ocean), env.Observation, Rules.Cells);
        Assert.Equal(Expected.Mask(ocean), env.ActionMask.ToArray());
        Assert.True(env.NeedsReset);
    }

    [Fact]
    public void Step_WinOnTheLastAllowedStep_IsTerminatedNotTruncated()
    {
        var (env, ocean) = ResetWithOcean(52, new EnvOptions { MaxSteps = Rules.FleetCells });

        var last = Expected.CellsOf(ocean.Occupied).Select(cell => env.Step(cell)).ToArray()[^1];

        Assert.True(last.Terminated);
        Assert.False(last.Truncated);
        Assert.Equal(Rules.FleetCells, last.Info.EpisodeSteps);
    }

    [Fact]
    public void Step_BeforeReset_Throws()
    {
        var env = new BattleshipEnv(Rules);

        Assert.True(env.NeedsReset);
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
    }

    [Fact]
    public void Step_AfterTermination_ThrowsUntilReset()
    {
        var (env, ocean) = ResetWithOcean(61);
        foreach (var cell in Expected.CellsOf(ocean.Occupied))
        {
            env.Step(cell);
        }
        var observation = env.Observation.ToArray();

        Assert.Throws<InvalidOperationException>(() => env.Step(Expected.FirstWater(ocean)));
        Assert.Equal(observation, env.Observation.ToArray());
        Assert.Equal(Rules.FleetCells, env.EpisodeSteps);

        env.Reset(62);
        Assert.Equal(StepOutcome.Miss, env.Step(Expected.FirstWater(Expected.OceanFor(Rules, 62))).Info.Outcome);
    }

    [Fact]
    public void Step_AfterTruncation_Throws()
    {
        var env = new BattleshipEnv(Rules, new EnvOptions { MaxSteps = 1 });
        env.Reset(63);
        Assert.True(env.Step(-5).Truncated);

        Assert.Throws<InvalidOperationException>(() => env.Step(0));
        Assert.Equal(1, env.EpisodeSteps);
    }

    [Fact]
    public void Step_InfoAndReturn_CountValidShotsAndAllSteps()
    {
        var (env, ocean) = ResetWithOcean(71);
        var water = Expected.CellsOf(Rules.BoardMask & ~ocean.Occupied);

        env.Step(water[0]);
        env.Step(water[0]);
        var third = env.Step(water[1]);

        Assert.Equal(new StepInfo(StepOutcome.Miss, MoveError.None, null, 2, 3), third.Info);
        Assert.Equal(2, env.ShotsFired);
        Assert.Equal(3, env.EpisodeSteps);
        Assert.Equal(-0.1f - 1f - 0.1f, env.EpisodeReturn, 5);
    }

    [Fact]
    public void Step_WithAnObservationSpan_CopiesTheNewObservation()
    {
        var env = new BattleshipEnv(Rules);
        env.Reset(72);
        var copy = new float[ObservationEncoder.Size(Rules)];

        var result = env.Step(55, copy);

        Assert.True(result.Info.IsValid);
        Assert.Equal(env.Observation.ToArray(), copy);
        Assert.Throws<ArgumentException>(() => env.Step(56, new float[10]));
        Assert.Equal(1, env.EpisodeSteps);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnvOptions { MaxSteps = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RewardConfig { Hit = float.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RewardConfig { Win = float.PositiveInfinity });
        Assert.Throws<ArgumentNullException>(() => new EnvOptions { Rewards = null! });
    }

    [Fact]
    public void RewardConfig_Defaults_AreTheDocumentedValues()
    {
        var rewards = RewardConfig.Default;

        Assert.Equal((-0.1f, 1f, 1f, 1f, -1f), (rewards.Miss, rewards.Hit, rewards.Sunk, rewards.Win, rewards.Invalid));
        Assert.Equal(-0.1f, rewards.For(StepOutcome.Miss));
        Assert.Equal(-1f, rewards.For(StepOutcome.Invalid));
        Assert.Null(EnvOptions.Default.MaxSteps);
        Assert.Same(RewardConfig.Default, EnvOptions.Default.Rewards);
    }

    [Fact]
    public void ResetAndStep_ManyEpisodesAfterWarmUp_AllocateNothing()
    {
        var env = new BattleshipEnv(Rules);
        var rng = new Rng(99);
        Play(env, ref rng, episodes: 50);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var steps = Play(env, ref rng, episodes: 2_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(steps > 100_000);
        Assert.Equal(0, allocated);
    }

    /// <summary>Plays whole episodes with random legal shots and, now and then, an invalid one.</summary>
    private static long Play(BattleshipEnv env, ref Rng rng, int episodes)
    {
        long steps = 0;
        for (var episode = 0; episode < episodes; episode++)
        {
            env.Reset(rng.NextUInt64());
            while (!env.NeedsReset)
            {
                var unshot = env.View.Unshot;
                var action = rng.NextInt(20) == 0 ? -1 : Bitboard.Nth(unshot, rng.NextInt(Bitboard.Count(unshot)));
                env.Step(action);
                steps++;
            }
        }
        return steps;
    }

    /// <summary>An environment reset with <paramref name="seed"/>, and a copy of the ocean it hides, to fire at alongside it.</summary>
    private static (BattleshipEnv Env, Ocean Ocean) ResetWithOcean(ulong seed, EnvOptions? options = null)
    {
        var env = new BattleshipEnv(Rules, options);
        env.Reset(seed);
        return (env, Expected.OceanFor(Rules, seed));
    }

    /// <summary>Steps <paramref name="env"/> at <paramref name="cell"/> and fires at the same cell of <paramref name="ocean"/>.</summary>
    private static StepResult StepBoth(BattleshipEnv env, Ocean ocean, int cell)
    {
        ocean.Fire(cell);
        return env.Step(cell);
    }
}
