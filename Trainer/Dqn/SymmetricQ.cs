using Battleship.Engine;
using static TorchSharp.torch;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// Q-values averaged over the board's symmetries (<see cref="BoardSymmetry"/>): each observation is
/// turned and mirrored every way the board allows, the network values each image, and the values are
/// moved back to the original cells and averaged. A network trained with augmentation estimates the
/// same hit probability from every image; the average is a small ensemble of those estimates at the
/// price of one forward pass over a batch eight times as large.
/// </summary>
internal sealed class SymmetricQ : IDisposable
{
    // _toImage[k][j]: the original cell shown at cell j of image k (gathers an observation's planes);
    // _fromImage[k][c]: the cell of image k that shows original cell c (gathers the values back).
    private readonly Tensor[] _toImage;
    private readonly Tensor[] _fromImage;
    private readonly int _cells;

    public SymmetricQ(GameRules rules)
    {
        var symmetry = new BoardSymmetry(rules);
        _cells = symmetry.Cells;
        _toImage = new Tensor[symmetry.Count];
        _fromImage = new Tensor[symmetry.Count];
        for (var k = 0; k < symmetry.Count; k++)
        {
            var forward = new long[_cells];
            var inverse = new long[_cells];
            for (var cell = 0; cell < _cells; cell++)
            {
                var image = symmetry.Map(k, cell);
                forward[cell] = image;
                inverse[image] = cell;
            }
            _toImage[k] = tensor(inverse);
            _fromImage[k] = tensor(forward);
        }
    }

    /// <summary>How many images each observation is valued in.</summary>
    public int Count => _toImage.Length;

    /// <summary>The averaged Q-values <c>[batch, cells]</c> of observations <c>[batch, channels * cells]</c>.</summary>
    public Tensor Forward(QNetwork network, Tensor observations)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(observations);
        using var scope = NewDisposeScope();
        var batch = observations.shape[0];
        var planes = observations.reshape(batch, network.InputChannels, _cells);
        // One forward pass over every image of every observation.
        var images = cat([.. _toImage.Select(map => planes.index_select(2, map))], 0);
        var q = network.call(images).reshape(Count, batch, _cells);
        var back = stack([.. _fromImage.Select((map, k) => q[k].index_select(1, map))], 0);
        return back.mean([0]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// How far below the best value a cell still counts as tied with it. The average gives cells
    /// that mirror each other in a symmetric position exactly the same value, up to rounding that
    /// depends on the batch a position is valued in (a few 1e-8); ties are broken towards the lowest
    /// cell (<see cref="QInference.FirstBest(Tensor, float)"/>), so that a position gets the same
    /// shot alone or in any batch.
    /// </summary>
    public const float TieTolerance = 1e-5f;

    public void Dispose()
    {
        foreach (var map in _toImage.Concat(_fromImage))
        {
            map.Dispose();
        }
    }
}
