using Battleship.Engine;
using Battleship.Engine.Gym;
using Battleship.Trainer.Cluster;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

/// <summary>
/// <see cref="DqnTargets.Posterior"/>: self-play estimates each position's hit probabilities and the
/// learner fits them (its loss: LearnerTests.EveryCellTargets_LossIsTheMeanOverTheCellsNotFiredAt_OfEachCellsError).
/// </summary>
public sealed class PosteriorTargetsTests
{
    private static readonly GameRules Rules = GameRules.Standard;

    private static readonly int[] Corners = [0, 9, 90, 99];
    private static readonly int[] Middle = [44, 45, 54, 55];

    private static readonly DqnConfig Config = TestConfig.Tiny with { Targets = DqnTargets.Posterior, PosteriorSamples = 100 };

    [Fact]
    public void SelfPlay_GivesEachTransition_ProbabilitiesSummingToTheShipCellsNotFiredAt_AndZeroWhereFired()
    {
        using var network = new QNetwork(Rules, Config);
        var worker = new SelfPlayWorker(Rules, Config, network, seed: 4);

        var batch = worker.Collect(vectorSteps: 60, epsilon: 1.0);

        Assert.Equal(Rules.Cells, batch.Cells);
        var (hitsSeen, size) = (0, batch.ObservationSize);
        for (var i = 0; i < batch.Count; i++)
        {
            var unknown = batch.Observations.AsSpan(i * size, Rules.Cells);
            var probabilities = batch.HitProbabilities.AsSpan(i * Rules.Cells, Rules.Cells);
            var (sum, shipCellsNotFiredAt) = (0.0, 0);
            for (var cell = 0; cell < Rules.Cells; cell++)
            {
                Assert.InRange(probabilities[cell], 0f, unknown[cell]); // 0 where fired at
                sum += probabilities[cell];
                shipCellsNotFiredAt += unknown[cell] != 0f && Bitboard.Contains(batch.Ships[i], cell) ? 1 : 0;
            }
            // Every sampled fleet covers exactly as many cells not fired at as the hidden one does.
            Assert.Equal(shipCellsNotFiredAt, sum, 3);
            hitsSeen += Rules.FleetCells - shipCellsNotFiredAt;
        }
        Assert.True(hitsSeen > batch.Count, "the batch should reach positions with hits on the board");
    }

    [Fact]
    public void SelfPlay_OnAnEmptyBoard_GivesTheMiddleMoreThanTheCorners_AndEveryShipCellInAll()
    {
        using var network = new QNetwork(Rules, Config);
        var worker = new SelfPlayWorker(Rules, Config, network, seed: 4);

        var batch = worker.Collect(vectorSteps: 1, epsilon: 1.0);

        // Nothing fired at yet: the hit probability of a cell is the chance that a random fleet covers it,
        // highest in the middle of the board and lowest in the corners.
        var first = batch.HitProbabilities[..Rules.Cells];
        var corners = Corners.Max(c => first[c]);
        var middle = Middle.Min(c => first[c]);
        Assert.True(middle > corners, $"middle {middle} should be above the corners {corners}");
        Assert.Equal(Rules.FleetCells, first.Sum(), 3);
    }

    [Fact]
    public void Learner_WithoutProbabilities_RefusesTheBatch()
    {
        using var learner = new DqnLearner(Rules, Config);
        var batch = new TransitionBatch(Config.BatchSize, ObservationEncoder.Size(Rules));

        Assert.Throws<ArgumentException>(() => learner.TrainStep(batch));
    }

    [Fact]
    public void Probabilities_TravelThroughTheCodecAndTheReplayBuffer_AndMoveWithTheBoard()
    {
        using var network = new QNetwork(Rules, Config);
        var batch = new SelfPlayWorker(Rules, Config, network, seed: 6).Collect(vectorSteps: 20, epsilon: 1.0);

        var decoded = ExperienceCodec.Decode(ExperienceCodec.Encode(batch));
        var buffer = new ReplayBuffer(batch.Count, batch.ObservationSize, Rules.Cells);
        buffer.Add(decoded);
        var sampled = new TransitionBatch(200, batch.ObservationSize, Rules.Cells);
        var rng = new Rng(9);
        buffer.Sample(ref rng, sampled);
        new BoardSymmetry(Rules).Augment(sampled, ref rng);

        // Half precision on the wire, as in the replay buffer: within its rounding of each value.
        Assert.All(batch.HitProbabilities.Zip(decoded.HitProbabilities), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 2.5e-4));
        for (var i = 0; i < sampled.Count; i++)
        {
            var unknown = sampled.Observations[(i * sampled.ObservationSize)..((i * sampled.ObservationSize) + Rules.Cells)];
            var probabilities = sampled.HitProbabilities[(i * Rules.Cells)..((i + 1) * Rules.Cells)];
            for (var cell = 0; cell < Rules.Cells; cell++)
            {
                // Moved with the observation: still 0 exactly where the moved position was fired at.
                Assert.True(unknown[cell] != 0f || probabilities[cell] == 0f);
            }
            // Stored in half precision: the sum stays the ship cells not fired at, within rounding.
            var shipCellsNotFiredAt = Enumerable
                .Range(0, Rules.Cells)
                .Count(c => unknown[c] != 0f && Bitboard.Contains(sampled.Ships[i], c));
            Assert.InRange(Math.Abs(shipCellsNotFiredAt - probabilities.Sum()), 0, 0.03);
        }
        Assert.Throws<ArgumentException>(() => buffer.Add(new TransitionBatch(1, batch.ObservationSize)));
    }
}
