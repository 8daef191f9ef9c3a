using Battleship.Engine;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// The symmetries of the board, for data augmentation: on a square board the eight of the square
/// (four rotations, each also mirrored), on a rectangular one the four that keep its shape
/// (identity, the two mirrors, the half turn). Battleship's rules and its random fleets do not
/// change under any of them, so a transition seen in one orientation is as likely in every other:
/// each sampled transition is replayed in one drawn at random, as if self-play had seen eight
/// times as many boards.
/// </summary>
public sealed class BoardSymmetry
{
    private readonly int[][] _maps;
    private readonly float[] _scratch;

    /// <summary>The symmetries of <paramref name="rules"/>'s board.</summary>
    public BoardSymmetry(GameRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var (rows, columns) = (rules.Rows, rules.Columns);
        Func<int, int, (int Row, int Column)>[] all =
        [
            (r, c) => (r, c),
            (r, c) => (rows - 1 - r, columns - 1 - c),
            (r, c) => (r, columns - 1 - c),
            (r, c) => (rows - 1 - r, c),
            (r, c) => (c, r),
            (r, c) => (c, rows - 1 - r),
            (r, c) => (columns - 1 - c, r),
            (r, c) => (columns - 1 - c, rows - 1 - r),
        ];
        var usable = rows == columns ? all : all[..4];
        _maps =
        [
            .. usable.Select(map =>
                Enumerable
                    .Range(0, rules.Cells)
                    .Select(cell =>
                    {
                        var (row, column) = map(cell / columns, cell % columns);
                        return (row * columns) + column;
                    })
                    .ToArray()
            ),
        ];
        _scratch = new float[rules.Cells];
        Cells = rules.Cells;
    }

    /// <summary>How many symmetries there are (8 on a square board, 4 otherwise); symmetry 0 is the identity.</summary>
    public int Count => _maps.Length;

    /// <summary>Cells of the board.</summary>
    public int Cells { get; }

    /// <summary>The image of <paramref name="cell"/> under symmetry <paramref name="symmetry"/>.</summary>
    public int Map(int symmetry, int cell) => _maps[symmetry][cell];

    /// <summary>The image of a set of cells under symmetry <paramref name="symmetry"/>.</summary>
    public UInt128 Map(int symmetry, UInt128 cells)
    {
        var map = _maps[symmetry];
        var image = UInt128.Zero;
        for (var rest = cells; rest != UInt128.Zero; rest &= rest - UInt128.One)
        {
            image |= Bitboard.Bit(map[Bitboard.First(rest)]);
        }
        return image;
    }

    /// <summary>Moves every plane of an observation (<c>[planes, cells]</c>, row-major) by symmetry <paramref name="symmetry"/>, in place. Not thread-safe.</summary>
    public void Apply(int symmetry, Span<float> observation)
    {
        if (observation.Length % Cells != 0)
        {
            throw new ArgumentException($"An observation holds whole planes of {Cells} cells.", nameof(observation));
        }
        if (symmetry == 0)
        {
            return;
        }
        var map = _maps[symmetry];
        for (var start = 0; start < observation.Length; start += Cells)
        {
            var plane = observation.Slice(start, Cells);
            plane.CopyTo(_scratch);
            for (var cell = 0; cell < Cells; cell++)
            {
                plane[map[cell]] = _scratch[cell];
            }
        }
    }

    /// <summary>Moves every transition of <paramref name="batch"/> by a symmetry drawn from <paramref name="rng"/> (observations, action, hidden fleet and hit probabilities alike).</summary>
    public void Augment(TransitionBatch batch, ref Rng rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var size = batch.ObservationSize;
        for (var i = 0; i < batch.Count; i++)
        {
            var symmetry = rng.NextInt(Count);
            if (symmetry == 0)
            {
                continue;
            }
            Apply(symmetry, batch.Observations.AsSpan(i * size, size));
            Apply(symmetry, batch.NextObservations.AsSpan(i * size, size));
            batch.Actions[i] = Map(symmetry, batch.Actions[i]);
            batch.Ships[i] = Map(symmetry, batch.Ships[i]);
            Apply(symmetry, batch.HitProbabilities.AsSpan(i * batch.Cells, batch.Cells));
        }
    }
}
