using Battleship.Engine;
using Battleship.Engine.Gym;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// The Q-network: a fully convolutional network from the observation tensor
/// <c>[batch, channels, rows, columns]</c> to one Q-value per cell, <c>[batch, rows * columns]</c>.
/// </summary>
/// <remarks>
/// <para><see cref="DqnConfig.ConvLayers"/> 3×3 convolutions (same padding, ReLU) of
/// <see cref="DqnConfig.Channels"/> channels, then a 1×1 convolution to one plane: the Q-value of
/// firing at each cell. Being convolutional, the same local pattern detector ("a hit with an
/// unknown cell beside it", "a gap too short for any ship left") is applied at every cell, which
/// is what the board's translation symmetry asks for, and five 3×3 layers see as far as the
/// longest ship (five cells) reaches.</para>
/// <para>The network itself does not mask: <see cref="MaskIllegal"/> sets illegal cells to
/// negative infinity before an argmax.</para>
/// </remarks>
public sealed class QNetwork : nn.Module<Tensor, Tensor>, IQFunction
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _hidden;
    private readonly Conv2d _head;
    private readonly long _rows;
    private readonly long _columns;

    /// <summary>Held while torch's process-wide generator is seeded and drawn from to initialise a network.</summary>
    private static readonly Lock InitializationLock = new();

    /// <summary>
    /// Creates a network for <paramref name="rules"/> with the shape of <paramref name="config"/>,
    /// initialised from <paramref name="seed"/> (<see cref="DqnConfig.Seed"/> when null).
    /// </summary>
    /// <remarks>
    /// Torch initialises layers from one generator for the whole process: seeding it and drawing the
    /// weights happen under one lock, so networks made on several threads at once (the test suites
    /// run in parallel, grains activate concurrently) still get the weights of their own seed.
    /// </remarks>
    public QNetwork(GameRules rules, DqnConfig config, ulong? seed = null)
        : base(nameof(QNetwork))
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(config);
        InputChannels = ObservationEncoder.Channels(rules);
        _rows = rules.Rows;
        _columns = rules.Columns;
        _hidden = new ModuleList<nn.Module<Tensor, Tensor>>();
        lock (InitializationLock)
        {
            manual_seed((long)((seed ?? config.Seed) & long.MaxValue));
            var channels = InputChannels;
            for (var i = 0; i < config.ConvLayers; i++)
            {
                _hidden.Add(nn.Conv2d(channels, config.Channels, kernel_size: 3, padding: 1));
                channels = config.Channels;
            }
            _head = nn.Conv2d(channels, 1, kernel_size: 1);
        }
        RegisterComponents();
    }

    /// <summary>Channels of the input (4 plus one per fleet ship).</summary>
    public int InputChannels { get; }

    /// <summary>Cells of the board: the number of Q-values per observation.</summary>
    public int Actions => (int)(_rows * _columns);

    /// <summary>Q-values <c>[batch, cells]</c> of observations <c>[batch, channels, rows, columns]</c> (or <c>[batch, channels * rows * columns]</c>).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = input.reshape(-1, InputChannels, _rows, _columns);
        foreach (var layer in _hidden)
        {
            x = nn.functional.relu(layer.call(x));
        }
        return _head.call(x).reshape(-1, _rows * _columns).MoveToOuterDisposeScope();
    }

    float IQFunction.TieTolerance => 0f;

    Tensor IQFunction.Values(Tensor observations) => call(observations);

    /// <summary>Q-values with illegal cells (mask 0) set to negative infinity; <paramref name="legal"/> is a boolean <c>[batch, cells]</c> tensor.</summary>
    public static Tensor MaskIllegal(Tensor q, Tensor legal)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(legal);
        using var illegal = legal.logical_not();
        using var negativeInfinity = float.NegativeInfinity.ToScalar(); // held: see QInference.SelectGreedy
        return q.masked_fill(illegal, negativeInfinity);
    }
}
