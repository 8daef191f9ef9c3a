using Battleship.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Battleship.Trainer.Dqn;

/// <summary>What values a position for action selection: one network, or several (an ensemble).</summary>
internal interface IQFunction
{
    /// <summary>Channels of an observation.</summary>
    int InputChannels { get; }

    /// <summary>Cells of the board: values per observation.</summary>
    int Actions { get; }

    /// <summary>
    /// How far below the best value a legal cell still counts as tied with it: 0 for exact ties only,
    /// <see cref="SymmetricQ.TieTolerance"/> when symmetric positions give mirrored cells equal values up
    /// to rounding. The greedy choice is the lowest of the tied cells (<see cref="QInference.FirstBest(Tensor, float)"/>).
    /// </summary>
    float TieTolerance { get; }

    /// <summary>Values <c>[batch, cells]</c> of observations <c>[batch, channels * cells]</c>.</summary>
    Tensor Values(Tensor observations);
}

/// <summary>
/// The agent's value of a position: the mean of its members' Q-values (one member for an ordinary
/// checkpoint), each averaged over the board's symmetries when the configuration says so
/// (<see cref="DqnConfig.AverageSymmetries"/>).
/// </summary>
internal sealed class QEnsemble : IQFunction, IDisposable
{
    private readonly QNetwork[] _members;
    private readonly SymmetricQ? _symmetric;
    private readonly bool _ownsMembers;

    public QEnsemble(GameRules rules, IReadOnlyList<QNetwork> members, bool averageSymmetries, bool ownsMembers)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0 || members.Any(m => m.InputChannels != members[0].InputChannels || m.Actions != members[0].Actions))
        {
            throw new ArgumentException("An ensemble needs at least one network, all for the same board.", nameof(members));
        }
        _members = [.. members];
        _symmetric = averageSymmetries ? new SymmetricQ(rules) : null;
        _ownsMembers = ownsMembers;
        foreach (var member in _members)
        {
            member.eval();
        }
    }

    public int Members => _members.Length;

    public int InputChannels => _members[0].InputChannels;

    public int Actions => _members[0].Actions;

    public float TieTolerance => _symmetric is null ? 0f : SymmetricQ.TieTolerance;

    public Tensor Values(Tensor observations)
    {
        if (_members.Length == 1)
        {
            return Member(_members[0], observations);
        }
        using var scope = NewDisposeScope();
        // Scalars held: add_(Tensor) would pass an implicit alpha (see QInference.SelectGreedy).
        using var one = 1.ToScalar();
        using var count = _members.Length.ToScalar();
        var sum = Member(_members[0], observations);
        for (var i = 1; i < _members.Length; i++)
        {
            sum = sum.add_(Member(_members[i], observations), one);
        }
        return sum.div_(count).MoveToOuterDisposeScope();
    }

    private Tensor Member(QNetwork network, Tensor observations) =>
        _symmetric is null ? network.call(observations) : _symmetric.Forward(network, observations);

    public void Dispose()
    {
        _symmetric?.Dispose();
        if (_ownsMembers)
        {
            foreach (var member in _members)
            {
                member.Dispose();
            }
        }
    }
}
