namespace Battleship.Engine.Gym;

/// <summary>
/// The observation format of the environments: a <c>float</c> tensor of shape
/// <c>[channels, rows, columns]</c>, row-major and contiguous, so the value of channel <c>c</c> at
/// cell <c>row * columns + column</c> sits at index <c>c * cells + cell</c>. Every value is 0 or 1.
/// </summary>
/// <remarks>
/// <para>Channels <see cref="UnknownChannel"/> to <see cref="SunkChannel"/> are one-hot per cell:
/// each cell is exactly one of unknown (not fired at), miss, hit (on a ship still afloat) or sunk
/// (a cell of a sunk ship). Then comes one channel per fleet ship, in fleet order, filled with ones
/// while that ship is afloat and with zeros once it has sunk.</para>
/// <para>The environments maintain their observations incrementally; this class encodes any
/// <see cref="TargetView"/> from scratch in the same format, so that an agent can be fed the state
/// of a real match exactly as it was fed during training.</para>
/// </remarks>
public static class ObservationEncoder
{
    /// <summary>Channel of the cells not fired at yet (the legal actions).</summary>
    public const int UnknownChannel = 0;

    /// <summary>Channel of the shots that found open water.</summary>
    public const int MissChannel = 1;

    /// <summary>Channel of the hits on ships still afloat.</summary>
    public const int HitChannel = 2;

    /// <summary>Channel of the cells of sunk ships.</summary>
    public const int SunkChannel = 3;

    /// <summary>Channel of fleet ship 0; fleet ship <c>i</c> has channel <c>FirstShipChannel + i</c>.</summary>
    public const int FirstShipChannel = 4;

    /// <summary>The number of channels under <paramref name="rules"/>: 4 plus one per fleet ship (9 in the standard game).</summary>
    public static int Channels(GameRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return FirstShipChannel + rules.Fleet.Length;
    }

    /// <summary>The number of floats of one observation: channels × rows × columns (900 in the standard game).</summary>
    public static int Size(GameRules rules) => Channels(rules) * rules.Cells;

    /// <summary>Writes the observation of <paramref name="view"/> into <paramref name="destination"/>, which must hold exactly <see cref="Size"/> floats.</summary>
    public static void Encode(TargetView view, Span<float> destination)
    {
        var rules = view.Rules ?? throw new ArgumentException("The view has no rules.", nameof(view));
        var cells = rules.Cells;
        if (destination.Length != Size(rules))
        {
            throw new ArgumentException(
                $"An observation under {rules} holds {Size(rules)} floats, not {destination.Length}.",
                nameof(destination)
            );
        }
        destination.Clear();
        SetOnes(view.Unshot, destination.Slice(UnknownChannel * cells, cells));
        SetOnes(view.Misses, destination.Slice(MissChannel * cells, cells));
        SetOnes(view.UnresolvedHits, destination.Slice(HitChannel * cells, cells));
        SetOnes(view.SunkCells & rules.BoardMask, destination.Slice(SunkChannel * cells, cells));
        for (var ship = 0; ship < rules.Fleet.Length; ship++)
        {
            if (view.IsAfloat(ship))
            {
                destination.Slice((FirstShipChannel + ship) * cells, cells).Fill(1f);
            }
        }
    }

    /// <summary>Writes the action mask of <paramref name="view"/> (1 for a cell not fired at, 0 otherwise) into <paramref name="destination"/>, which must hold exactly one byte per cell.</summary>
    public static void EncodeMask(TargetView view, Span<byte> destination)
    {
        var rules = view.Rules ?? throw new ArgumentException("The view has no rules.", nameof(view));
        if (destination.Length != rules.Cells)
        {
            throw new ArgumentException(
                $"An action mask under {rules} holds {rules.Cells} bytes, not {destination.Length}.",
                nameof(destination)
            );
        }
        destination.Clear();
        for (var rest = view.Unshot; rest != UInt128.Zero; rest &= rest - UInt128.One)
        {
            destination[Bitboard.First(rest)] = 1;
        }
    }

    /// <summary>Writes the observation and mask of a fresh episode (nothing fired at, every ship afloat).</summary>
    internal static void EncodeFresh(int cells, Span<float> observation, Span<byte> mask)
    {
        observation[..cells].Fill(1f);
        observation.Slice(MissChannel * cells, (FirstShipChannel - MissChannel) * cells).Clear();
        observation[(FirstShipChannel * cells)..].Fill(1f);
        mask.Fill(1);
    }

    private static void SetOnes(UInt128 cells, Span<float> plane)
    {
        for (var rest = cells; rest != UInt128.Zero; rest &= rest - UInt128.One)
        {
            plane[Bitboard.First(rest)] = 1f;
        }
    }
}
