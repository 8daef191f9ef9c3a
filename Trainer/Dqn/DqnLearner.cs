using System.Diagnostics;
using Battleship.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// The learner of Double DQN: an online and a target <see cref="QNetwork"/>, Adam, Huber loss and
/// gradient clipping. One <see cref="TrainStep(ReplayBuffer)"/> samples a batch and makes one
/// gradient step; the target network is copied from the online one every
/// <see cref="DqnConfig.TargetUpdateInterval"/> updates.
/// </summary>
/// <remarks>
/// Target: <c>y = r + γ (1 - done) Q_target(s', argmax_{legal a'} Q_online(s', a'))</c> (Double DQN:
/// the online network chooses, the target network evaluates; illegal cells of <c>s'</c> are masked).
/// An update whose loss or gradient norm is not finite, or whose loss exceeds
/// <see cref="DqnConfig.DivergenceLoss"/>, is not applied and throws
/// <see cref="TrainingDivergedException"/>. Not thread-safe.
/// </remarks>
public sealed class DqnLearner : IDisposable
{
    private const string OnlineFile = "online.bin";
    private const string TargetFile = "target.bin";
    private const string OptimizerFile = "optimizer.bin";

    private readonly DqnConfig _config;
    private readonly Adam _optimizer;
    private readonly TransitionBatch _batch;
    private readonly string _agentId;
    private readonly BoardSymmetry? _symmetry;
    private float[] _boardTargets;
    private Rng _rng;

    /// <summary>Creates fresh networks (initialised from <see cref="DqnConfig.Seed"/>) and the optimiser.</summary>
    public DqnLearner(GameRules rules, DqnConfig config, string agentId = "dqn")
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(config);
        _config = config.Validate();
        _agentId = agentId;
        Rules = rules;
        Online = new QNetwork(rules, config);
        Target = new QNetwork(rules, config);
        SyncTarget();
        Target.eval();
        _optimizer = new Adam(Online.parameters(), config.LearningRate);
        _batch = new TransitionBatch(config.BatchSize, Online.InputChannels * Online.Actions, config.HitProbabilityCells(rules));
        _rng = Rng.ForStream(config.Seed, 0x5EED_0F_BA7C4);
        _symmetry = config.Augment ? new BoardSymmetry(rules) : null;
        _boardTargets = DqnTargets.EveryCell(config.Targets) ? new float[config.BatchSize * rules.Cells] : [];
    }

    /// <summary>The rules the networks are shaped for.</summary>
    public GameRules Rules { get; }

    /// <summary>The network being trained (self-play acts with it).</summary>
    public QNetwork Online { get; }

    public QNetwork Target { get; }

    /// <summary>Learner updates made so far (restored by <see cref="Load"/>).</summary>
    public long Updates { get; private set; }

    /// <summary>Loss of the last update (NaN before the first).</summary>
    public double LastLoss { get; private set; } = double.NaN;

    /// <summary>The optimiser's learning rate (the trainer anneals it).</summary>
    public double LearningRate
    {
        get => _optimizer.ParamGroups.First().LearningRate;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            foreach (var group in _optimizer.ParamGroups)
            {
                group.LearningRate = value;
            }
        }
    }

    /// <summary>Exploration rate reported on the train-step span (informative only).</summary>
    public double Epsilon { get; set; }

    /// <summary>Samples a batch from <paramref name="buffer"/> and makes one update; returns its loss.</summary>
    public double TrainStep(ReplayBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Sample(ref _rng, _batch);
        _symmetry?.Augment(_batch, ref _rng);
        return TrainStep(_batch);
    }

    /// <summary>Makes one update on <paramref name="batch"/>; returns its loss.</summary>
    /// <exception cref="TrainingDivergedException">The loss or the gradient is not finite, or the loss is above the divergence threshold; nothing was changed.</exception>
    public double TrainStep(TransitionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var activity = AgentTelemetry.StartTrainStep(_agentId, Epsilon, batch.Count);
        var started = Stopwatch.GetTimestamp();
        var n = batch.Count;
        var size = batch.ObservationSize;
        double loss;
        using (var scope = NewDisposeScope())
        {
            var observations = tensor(batch.Observations, [n, size]);
            var lossTensor = DqnTargets.EveryCell(_config.Targets) ? BoardLoss(batch, observations) : ActionLoss(batch, observations);
            loss = lossTensor.item<float>();
            var update = Updates + 1;
            if (!double.IsFinite(loss))
            {
                throw new TrainingDivergedException(update, loss, "the loss is not finite");
            }
            if (loss > _config.DivergenceLoss)
            {
                throw new TrainingDivergedException(update, loss, $"the loss is above {_config.DivergenceLoss}");
            }
            _optimizer.zero_grad();
            lossTensor.backward();
            var norm = nn.utils.clip_grad_norm_(Online.parameters(), _config.GradientClipNorm);
            if (!double.IsFinite(norm))
            {
                _optimizer.zero_grad();
                throw new TrainingDivergedException(update, loss, "the gradient is not finite");
            }
            _optimizer.step();
        }
        Updates++;
        LastLoss = loss;
        if (Updates % _config.TargetUpdateInterval == 0)
        {
            SyncTarget();
        }
        AgentTelemetry.TrainingSteps.Add(1);
        AgentTelemetry.TrainingLoss.Record(loss);
        AgentTelemetry.TrainingStepDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return loss;
    }

    /// <summary>Double DQN's loss: the Q-value of the cell fired at against the reward plus the discounted value of the next state.</summary>
    private Tensor ActionLoss(TransitionBatch batch, Tensor observations)
    {
        var n = batch.Count;
        var actions = tensor(Array.ConvertAll(batch.Actions, a => (long)a), [n, 1]);
        var rewards = tensor(batch.Rewards, [n]);
        var q = Online.call(observations).gather(1, actions).squeeze(1);
        Tensor y;
        using (no_grad())
        {
            if (_config.Gamma > 0)
            {
                var next = tensor(batch.NextObservations, [n, batch.ObservationSize]);
                var notDone = tensor(Array.ConvertAll(batch.Dones, d => d ? 0f : 1f), [n]);
                using var half = 0.5f.ToScalar(); // held: see QInference.SelectGreedy
                using var gamma = ((float)_config.Gamma).ToScalar();
                using var one = 1.ToScalar(); // `+` would pass an implicit alpha of 1
                var legal = next.narrow(1, 0, Online.Actions).gt(half);
                var chosen = QNetwork.MaskIllegal(Online.call(next), legal).argmax(1, keepdim: true);
                var value = Target.call(next).gather(1, chosen).squeeze(1);
                y = rewards.add(notDone.mul(gamma) * value, one);
            }
            else
            {
                y = rewards;
            }
        }
        return nn.functional.huber_loss(q, y, _config.HuberDelta);
    }

    /// <summary>
    /// The loss of <see cref="DqnTargets.Board"/> and <see cref="DqnTargets.Posterior"/>: every cell
    /// not fired at against the reward firing there would bring, averaged over those cells. Board:
    /// the hit reward where the hidden fleet has a ship, the miss reward elsewhere; posterior: its
    /// expectation under the sampled hit probability. With γ = 0 that reward is the cell's whole Q-value.
    /// </summary>
    private Tensor BoardLoss(TransitionBatch batch, Tensor observations)
    {
        var n = batch.Count;
        var cells = Online.Actions;
        if (_boardTargets.Length < n * cells)
        {
            _boardTargets = new float[n * cells];
        }
        var targets = _boardTargets.AsSpan(0, n * cells);
        var (hit, miss) = (_config.RewardHit, _config.RewardMiss);
        var posterior = _config.Targets == DqnTargets.Posterior;
        if (posterior && batch.Cells != cells)
        {
            throw new ArgumentException($"Posterior targets need the hit probabilities of {cells} cells.", nameof(batch));
        }
        for (var i = 0; i < n; i++)
        {
            var ships = batch.Ships[i];
            var row = targets.Slice(i * cells, cells);
            for (var cell = 0; cell < cells; cell++)
            {
                var p =
                    posterior ? batch.HitProbabilities[(i * cells) + cell]
                    : Bitboard.Contains(ships, cell) ? 1f
                    : 0f;
                row[cell] = miss + ((hit - miss) * p);
            }
        }
        var y = tensor(_boardTargets, [_boardTargets.Length / cells, cells]).narrow(0, 0, n);
        var legal = observations.narrow(1, 0, cells); // the unknown plane: 1 where not fired at
        var q = Online.call(observations);
        var perCell = nn.functional.huber_loss(q, y, _config.HuberDelta, reduction: nn.Reduction.None);
        using var one = 1f.ToScalar(); // held: see QInference.SelectGreedy
        return (perCell * legal).sum() / legal.sum().clamp_min(one);
    }

    /// <summary>Copies the online network's parameters into the target network.</summary>
    public void SyncTarget()
    {
        using (no_grad())
        {
            var source = Online.state_dict();
            Target.load_state_dict(source);
        }
    }

    /// <summary>The online network's weights, as <see cref="QNetwork"/> files hold them (to ship to self-play workers).</summary>
    public byte[] ExportWeights()
    {
        using var stream = new MemoryStream();
        Online.save(stream);
        return stream.ToArray();
    }

    /// <summary>Whether every parameter of the online network is finite.</summary>
    public bool ParametersAreFinite()
    {
        using (no_grad())
        {
            foreach (var parameter in Online.parameters())
            {
                using var finite = parameter.isfinite().all();
                if (!finite.item<bool>())
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Writes the networks, the optimiser state and the update count into <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Online.save(Path.Combine(directory, OnlineFile));
        Target.save(Path.Combine(directory, TargetFile));
        _optimizer.save_state_dict(Path.Combine(directory, OptimizerFile));
    }

    /// <summary>Restores what <see cref="Save"/> wrote, and the update count.</summary>
    public void Load(string directory, long updates)
    {
        Online.load(Path.Combine(directory, OnlineFile));
        Target.load(Path.Combine(directory, TargetFile));
        _optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
        Updates = updates;
        _rng = Rng.ForStream(_config.Seed, 0x5EED_0F_BA7C4 ^ (ulong)updates);
    }

    /// <summary>The name of the online network's file in a checkpoint directory.</summary>
    internal static string OnlineFileName => OnlineFile;

    /// <inheritdoc />
    public void Dispose()
    {
        Online.Dispose();
        Target.Dispose();
        _optimizer.Dispose();
    }
}
