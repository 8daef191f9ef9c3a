using Battleship.Engine;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class ReplayBufferTests
{
    private const int Size = 4;

    [Fact]
    public void Add_BeyondCapacity_KeepsCapacityAndOverwritesTheOldestFirst()
    {
        var buffer = new ReplayBuffer(capacity: 3, observationSize: Size);

        for (var action = 0; action < 5; action++)
        {
            Add(buffer, action);
        }

        Assert.Equal(3, buffer.Count);
        Assert.Equal(5, buffer.TotalAdded);
        Assert.Equal([2, 3, 4], Enumerable.Range(0, 3).Select(buffer.ActionAt));
    }

    [Fact]
    public void Add_BelowCapacity_KeepsInsertionOrder()
    {
        var buffer = new ReplayBuffer(capacity: 10, observationSize: Size);

        Add(buffer, 7);
        Add(buffer, 8);

        Assert.Equal(2, buffer.Count);
        Assert.Equal([7, 8], Enumerable.Range(0, 2).Select(buffer.ActionAt));
    }

    [Fact]
    public void Sample_ReturnsStoredTransitionsWhole()
    {
        var buffer = new ReplayBuffer(capacity: 8, observationSize: Size);
        for (var action = 0; action < 8; action++)
        {
            Add(buffer, action);
        }
        var batch = new TransitionBatch(64, Size);
        var rng = new Rng(11);

        buffer.Sample(ref rng, batch);

        for (var i = 0; i < batch.Count; i++)
        {
            var a = batch.Actions[i];
            Assert.Equal(Observation(a), batch.Observations.AsSpan(i * Size, Size).ToArray());
            Assert.Equal(Observation(a + 1), batch.NextObservations.AsSpan(i * Size, Size).ToArray());
            Assert.Equal(a / 10f, batch.Rewards[i]);
            Assert.Equal(a % 2 == 0, batch.Dones[i]);
            Assert.Equal(Ships(a), batch.Ships[i]);
        }
    }

    [Fact]
    public void Sample_IsUniformOverHeldTransitions_AndSeeded()
    {
        var buffer = new ReplayBuffer(capacity: 4, observationSize: Size);
        for (var action = 0; action < 6; action++)
        {
            Add(buffer, action); // holds 2, 3, 4, 5
        }
        var counts = new int[6];
        var batch = new TransitionBatch(4_000, Size);
        var rng = new Rng(5);

        buffer.Sample(ref rng, batch);
        foreach (var a in batch.Actions)
        {
            counts[a]++;
        }
        var again = new TransitionBatch(4_000, Size);
        var rng2 = new Rng(5);
        buffer.Sample(ref rng2, again);

        Assert.Equal(0, counts[0] + counts[1]);
        Assert.All(counts[2..], c => Assert.InRange(c, 900, 1_100)); // 1,000 expected; ±3.3 standard deviations
        Assert.Equal(batch.Actions, again.Actions);
    }

    [Fact]
    public void Sample_Empty_Throws()
    {
        var buffer = new ReplayBuffer(capacity: 4, observationSize: Size);
        var batch = new TransitionBatch(1, Size);
        var rng = new Rng(1);

        Assert.Throws<InvalidOperationException>(() => buffer.Sample(ref rng, batch));
    }

    [Fact]
    public void Add_WrongObservationSize_Throws_AndAddsNothing()
    {
        var buffer = new ReplayBuffer(capacity: 4, observationSize: Size);

        Assert.Throws<ArgumentException>(() => buffer.Add(new float[3], 0, 0, new float[Size], false));
        Assert.Equal(0, buffer.Count);
    }

    private static void Add(ReplayBuffer buffer, int action) =>
        buffer.Add(Observation(action), action, action / 10f, Observation(action + 1), action % 2 == 0, Ships(action));

    /// <summary>A hidden fleet that identifies <paramref name="k"/>, with a bit in each half of the 128.</summary>
    private static UInt128 Ships(int k) => ((UInt128)(ulong)(k + 1) << 70) | (uint)(k * 3);

    /// <summary>A 0/1 pattern that identifies <paramref name="k"/> (its low four bits).</summary>
    private static float[] Observation(int k) => [.. Enumerable.Range(0, Size).Select(bit => (float)((k >> bit) & 1))];
}
