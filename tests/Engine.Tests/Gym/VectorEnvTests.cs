using Battleship.Engine.Gym;

namespace Battleship.Engine.Tests.Gym;

public class VectorEnvTests
{
    private static readonly GameRules Rules = GameRules.Standard;
    private static readonly int Size = ObservationEncoder.Size(Rules);

    [Fact]
    public void Reset_Seed_WritesEachEnvironmentsFirstObservationAndClearsTheFlags()
    {
        var buffers = VectorEnvBuffers.Allocate(Rules, 3);
        buffers.Rewards.Span.Fill(5f);
        buffers.Terminated.Span.Fill(true);
        buffers.Truncated.Span.Fill(true);
        var env = new VectorEnv(Rules, 3, buffers: buffers);

        env.Reset(1234);

        Assert.Same(buffers, env.Buffers);
        for (var i = 0; i < 3; i++)
        {
            var ocean = Expected.OceanFor(Rules, VectorEnv.EpisodeSeed(1234, i, 0));
            Expected.Equal(Expected.Observation(ocean), ObservationOf(env, i), Rules.Cells);
            Assert.Equal(Expected.Mask(ocean), MaskOf(env, i));
        }
        Assert.Equal(new float[3], buffers.Rewards.ToArray());
        Assert.Equal(new bool[3], buffers.Terminated.ToArray());
        Assert.Equal(new bool[3], buffers.Truncated.ToArray());
    }

    [Fact]
    public void EpisodeSeed_DependsOnSeedEnvironmentAndEpisode()
    {
        var seeds = new HashSet<ulong>();
        for (ulong seed = 0; seed < 4; seed++)
        {
            for (var env = 0; env < 8; env++)
            {
                for (var episode = 0; episode < 8; episode++)
                {
                    seeds.Add(VectorEnv.EpisodeSeed(seed, env, episode));
                }
            }
        }

        Assert.Equal(4 * 8 * 8, seeds.Count);
        Assert.Equal(VectorEnv.EpisodeSeed(9, 3, 2), VectorEnv.EpisodeSeed(9, 3, 2));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(40)]
    public void Step_ManySteps_MatchesIndependentSingleEnvironments(int? maxSteps)
    {
        const int count = 5;
        const ulong seed = 77;
        var options = new EnvOptions { MaxSteps = maxSteps };
        var vector = new VectorEnv(Rules, count, options, VectorEnvBuffers.Allocate(Rules, count, withFinalObservations: true));
        var singles = Enumerable.Range(0, count).Select(_ => new BattleshipEnv(Rules, options)).ToArray();
        var episodes = new int[count];
        vector.Reset(seed);
        for (var i = 0; i < count; i++)
        {
            singles[i].Reset(VectorEnv.EpisodeSeed(seed, i, 0));
        }
        var rng = new Rng(5);
        var actions = new int[count];
        var (wins, truncations) = (0, 0);

        for (var step = 0; step < 1_500; step++)
        {
            for (var i = 0; i < count; i++)
            {
                actions[i] = RandomAction(singles[i].View, ref rng);
            }
            vector.Step(actions);
            for (var i = 0; i < count; i++)
            {
                var expected = singles[i].Step(actions[i]);
                var buffers = vector.Buffers;
                Assert.Equal(expected.Reward, buffers.Rewards.Span[i]);
                Assert.Equal(expected.Terminated, buffers.Terminated.Span[i]);
                Assert.Equal(expected.Truncated, buffers.Truncated.Span[i]);
                if (expected.IsDone)
                {
                    wins += expected.Terminated ? 1 : 0;
                    truncations += expected.Truncated ? 1 : 0;
                    var stats = new EpisodeStats(
                        singles[i].EpisodeSteps,
                        singles[i].EpisodeReturn,
                        singles[i].ShotsFired,
                        expected.Terminated
                    );
                    Assert.Equal(stats, buffers.Episodes.Span[i]);
                    Assert.Equal(singles[i].Observation.ToArray(), buffers.FinalObservations.Span.Slice(i * Size, Size).ToArray());
                    singles[i].Reset(VectorEnv.EpisodeSeed(seed, i, ++episodes[i]));
                }
                Assert.Equal(singles[i].Observation.ToArray(), ObservationOf(vector, i));
                Assert.Equal(singles[i].ActionMask.ToArray(), MaskOf(vector, i));
                Assert.Equal(singles[i].View, vector.View(i));
            }
        }

        Assert.True(wins + truncations >= 50, $"only {wins + truncations} episodes ended");
        Assert.True(maxSteps is null ? wins > 0 : truncations > 0);
    }

    [Fact]
    public void Step_EpisodeWon_ReportsItsStatsAndWritesTheNextEpisodesFirstObservation()
    {
        const ulong seed = 8;
        var env = new VectorEnv(Rules, 2, buffers: VectorEnvBuffers.Allocate(Rules, 2, withFinalObservations: true));
        env.Reset(seed);
        var ocean = Expected.OceanFor(Rules, VectorEnv.EpisodeSeed(seed, 0, 0));
        var water = Expected.FirstWater(ocean);
        env.Step([water, 0]);
        ocean.Fire(water);
        var shipCells = Expected.CellsOf(ocean.Occupied);
        for (var k = 0; k < shipCells.Length - 1; k++)
        {
            env.Step([shipCells[k], k + 1]);
            ocean.Fire(shipCells[k]);
            Assert.False(env.Buffers.Terminated.Span[0]);
        }

        env.Step([shipCells[^1], shipCells.Length]);
        ocean.Fire(shipCells[^1]);

        var buffers = env.Buffers;
        Assert.True(buffers.Terminated.Span[0]);
        Assert.False(buffers.Truncated.Span[0]);
        Assert.Equal(1f, buffers.Rewards.Span[0]);
        var expectedReturn = -0.1f + (Rules.FleetCells * 1f);
        Assert.Equal(new EpisodeStats(Rules.FleetCells + 1, expectedReturn, Rules.FleetCells + 1, true), buffers.Episodes.Span[0]);
        Expected.Equal(Expected.Observation(ocean), buffers.FinalObservations.Span.Slice(0, Size), Rules.Cells);
        var next = Expected.OceanFor(Rules, VectorEnv.EpisodeSeed(seed, 0, 1));
        Expected.Equal(Expected.Observation(next), ObservationOf(env, 0), Rules.Cells);
        Assert.Equal(Expected.Mask(next), MaskOf(env, 0));
        Assert.Equal(UInt128.Zero, env.View(0).Shots);
        Assert.False(buffers.Terminated.Span[1]);
        Assert.Equal(Rules.FleetCells + 1, Bitboard.Count(env.View(1).Shots));
    }

    [Fact]
    public void Step_EpisodeTruncated_ReportsItsStatsAndStartsTheNextEpisode()
    {
        const ulong seed = 9;
        var env = new VectorEnv(Rules, 1, new EnvOptions { MaxSteps = 2 });
        env.Reset(seed);
        var ocean = Expected.OceanFor(Rules, VectorEnv.EpisodeSeed(seed, 0, 0));
        var water = Expected.FirstWater(ocean);

        env.Step([water]);
        env.Step([water]);

        var buffers = env.Buffers;
        Assert.Equal((false, true, -1f), (buffers.Terminated.Span[0], buffers.Truncated.Span[0], buffers.Rewards.Span[0]));
        Assert.Equal(new EpisodeStats(2, -1.1f, 1, false), buffers.Episodes.Span[0]);
        var next = Expected.OceanFor(Rules, VectorEnv.EpisodeSeed(seed, 0, 1));
        Expected.Equal(Expected.Observation(next), ObservationOf(env, 0), Rules.Cells);
        Assert.True(buffers.FinalObservations.IsEmpty);

        env.Step([water]);
        Assert.Equal((false, false), (buffers.Terminated.Span[0], buffers.Truncated.Span[0]));
    }

    [Fact]
    public void Step_InvalidAction_IsPenalisedAndChangesNothing()
    {
        var env = new VectorEnv(Rules, 2);
        env.Reset(10);
        env.Step([4, 4]);
        var observations = env.Buffers.Observations.ToArray();
        var masks = env.Buffers.ActionMasks.ToArray();

        env.Step([4, -1]);

        Assert.Equal([-1f, -1f], env.Buffers.Rewards.ToArray());
        Assert.Equal(observations, env.Buffers.Observations.ToArray());
        Assert.Equal(masks, env.Buffers.ActionMasks.ToArray());
    }

    [Fact]
    public void Step_ChunkedInAnyOrder_WritesTheSameBuffersAsOneCall()
    {
        var whole = new VectorEnv(Rules, 6);
        var chunked = new VectorEnv(Rules, 6);
        whole.Reset(31);
        chunked.Reset(31);

        PlayAlongside(
            whole,
            seed: 3,
            actions =>
            {
                chunked.Step(4, actions.AsSpan(4, 2));
                chunked.Step(0, actions.AsSpan(0, 1));
                chunked.Step(1, actions.AsSpan(1, 3));

                AssertSameBuffers(whole.Buffers, chunked.Buffers);
            }
        );
    }

    [Fact]
    public void Step_SplitIntoVectorEnvsWithFirstEnvIndex_MatchesOneVectorEnv()
    {
        var whole = new VectorEnv(Rules, 6);
        var head = new VectorEnv(Rules, 2, firstEnvIndex: 0);
        var tail = new VectorEnv(Rules, 4, firstEnvIndex: 2);
        whole.Reset(32);
        head.Reset(32);
        tail.Reset(32);

        PlayAlongside(
            whole,
            seed: 4,
            actions =>
            {
                tail.Step(actions.AsSpan(2));
                head.Step(actions.AsSpan(0, 2));

                Assert.Equal(whole.Buffers.Observations.ToArray(), Joined(head.Buffers.Observations, tail.Buffers.Observations));
                Assert.Equal(whole.Buffers.ActionMasks.ToArray(), Joined(head.Buffers.ActionMasks, tail.Buffers.ActionMasks));
                Assert.Equal(whole.Buffers.Rewards.ToArray(), Joined(head.Buffers.Rewards, tail.Buffers.Rewards));
                Assert.Equal(whole.Buffers.Terminated.ToArray(), Joined(head.Buffers.Terminated, tail.Buffers.Terminated));
            }
        );
    }

    [Fact]
    public void Reset_SameSeed_ReproducesAndAnotherSeedDiffers()
    {
        var first = new VectorEnv(Rules, 4);
        var second = new VectorEnv(Rules, 4);
        var other = new VectorEnv(Rules, 4);
        first.Reset(50);
        second.Reset(50);
        other.Reset(51);
        var diverged = false;

        for (var cell = 0; cell < 3 * Rules.Cells; cell++)
        {
            int[] actions = [.. Enumerable.Repeat(cell % Rules.Cells, 4)];
            first.Step(actions);
            second.Step(actions);
            other.Step(actions);

            AssertSameBuffers(first.Buffers, second.Buffers);
            diverged |= !first.Buffers.Observations.Span.SequenceEqual(other.Buffers.Observations.Span);
        }

        Assert.True(diverged);
    }

    [Fact]
    public void Step_BeforeReset_Throws()
    {
        var env = new VectorEnv(Rules, 2);

        Assert.Throws<InvalidOperationException>(() => env.Step([0, 1]));
    }

    [Fact]
    public void Step_WrongNumberOfActionsOrRange_Throws()
    {
        var env = new VectorEnv(Rules, 3);
        env.Reset(1);

        Assert.Throws<ArgumentException>(() => env.Step([0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2, [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(-1, [0]));
        Assert.Equal(new float[3], env.Buffers.Rewards.ToArray());
    }

    [Fact]
    public void Constructor_BuffersOfTheWrongSize_Throw()
    {
        var right = VectorEnvBuffers.Allocate(Rules, 2);

        Assert.Throws<ArgumentException>(() => new VectorEnv(Rules, 3, buffers: right));
        Assert.Throws<ArgumentException>(() => new VectorEnv(Rules, 2, buffers: right with { ActionMasks = new byte[199] }));
        Assert.Throws<ArgumentException>(() => new VectorEnv(Rules, 2, buffers: right with { FinalObservations = new float[900] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorEnv(Rules, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorEnv(Rules, 1, firstEnvIndex: -1));
    }

    [Fact]
    public void Step_CallerBuffers_AreWrittenInPlace()
    {
        var observations = new float[2 * Size];
        var masks = new byte[2 * Rules.Cells];
        var buffers = new VectorEnvBuffers(observations, masks, new float[2], new bool[2], new bool[2], new EpisodeStats[2]);
        var env = new VectorEnv(Rules, 2, buffers: buffers);
        env.Reset(2);

        env.Step([0, 99]);

        Assert.Equal(0, masks[0]);
        Assert.Equal(0, masks[Rules.Cells + 99]);
        Assert.Equal(2 * 99, masks.Count(m => m == 1));
        Assert.Equal(0f, observations[0]);
        Assert.Equal(0f, observations[Size + 99]);
    }

    [Fact]
    public void Step_ManyStepsAfterWarmUp_AllocatesNothing()
    {
        var env = new VectorEnv(Rules, 16, buffers: VectorEnvBuffers.Allocate(Rules, 16, withFinalObservations: true));
        env.Reset(1);
        var actions = new int[16];
        var rng = new Rng(2);
        Play(env, actions, ref rng, steps: 2_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Play(env, actions, ref rng, steps: 20_000);
        env.Reset(3);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// Steps <paramref name="env"/> <paramref name="steps"/> times, each of its environments at a
    /// <see cref="RandomAction"/>; <paramref name="alongside"/> gets every batch of actions after
    /// <paramref name="env"/> has taken it.
    /// </summary>
    private static void Play(VectorEnv env, int[] actions, ref Rng rng, int steps, Action<int[]>? alongside = null)
    {
        for (var step = 0; step < steps; step++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                actions[i] = RandomAction(env.View(i), ref rng);
            }
            env.Step(actions);
            alongside?.Invoke(actions);
        }
    }

    /// <summary>
    /// Plays 400 batches of random actions, drawn from <paramref name="seed"/>, on <paramref name="whole"/>;
    /// <paramref name="alongside"/> gets every batch after <paramref name="whole"/> has taken it.
    /// </summary>
    private static void PlayAlongside(VectorEnv whole, ulong seed, Action<int[]> alongside)
    {
        var rng = new Rng(seed);
        Play(whole, new int[whole.Count], ref rng, steps: 400, alongside);
    }

    /// <summary>A random legal shot, or (one time in ten) a random action that may be invalid.</summary>
    private static int RandomAction(TargetView view, ref Rng rng)
    {
        if (rng.NextInt(10) == 0)
        {
            return rng.NextInt(view.Rules.Cells + 2) - 1;
        }
        var unshot = view.Unshot;
        return Bitboard.Nth(unshot, rng.NextInt(Bitboard.Count(unshot)));
    }

    private static T[] Joined<T>(Memory<T> head, Memory<T> tail) => [.. head.Span, .. tail.Span];

    private static float[] ObservationOf(VectorEnv env, int i) => env.Buffers.Observations.Span.Slice(i * Size, Size).ToArray();

    private static byte[] MaskOf(VectorEnv env, int i) => env.Buffers.ActionMasks.Span.Slice(i * Rules.Cells, Rules.Cells).ToArray();

    private static void AssertSameBuffers(VectorEnvBuffers expected, VectorEnvBuffers actual)
    {
        Assert.Equal(expected.Observations.ToArray(), actual.Observations.ToArray());
        Assert.Equal(expected.ActionMasks.ToArray(), actual.ActionMasks.ToArray());
        Assert.Equal(expected.Rewards.ToArray(), actual.Rewards.ToArray());
        Assert.Equal(expected.Terminated.ToArray(), actual.Terminated.ToArray());
        Assert.Equal(expected.Truncated.ToArray(), actual.Truncated.ToArray());
        Assert.Equal(expected.Episodes.ToArray(), actual.Episodes.ToArray());
    }
}
