using System.Collections.Immutable;

namespace Battleship.Engine;

/// <summary>
/// The rules of one game: board size, fleet and options. Immutable and safe to share between
/// threads; it also holds the precomputed placement tables that the engine and the policies use.
/// </summary>
public sealed class GameRules
{
    private readonly PlacementTable[] _tablesByLength;

    /// <summary>Creates rules; throws <see cref="ArgumentException"/> for a board or fleet that cannot be played.</summary>
    /// <param name="rows">Board rows (1 or more).</param>
    /// <param name="columns">Board columns (1 or more); rows × columns is at most 128.</param>
    /// <param name="fleet">The ships each player places, each type at most once.</param>
    /// <param name="shipsMayTouch">Whether ships may be adjacent (orthogonally or diagonally). Overlap is never allowed.</param>
    /// <param name="hitKeepsTurn">Whether a hit lets the shooter fire again; otherwise turns alternate after every shot.</param>
    public GameRules(int rows, int columns, IEnumerable<ShipSpec> fleet, bool shipsMayTouch = true, bool hitKeepsTurn = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentNullException.ThrowIfNull(fleet);
        if ((long)rows * columns > Bitboard.MaxCells)
        {
            throw new ArgumentException(
                $"A board may have at most {Bitboard.MaxCells} cells; {rows}×{columns} has {(long)rows * columns}.",
                nameof(columns)
            );
        }

        Fleet = [.. fleet];
        if (Fleet.IsEmpty)
        {
            throw new ArgumentException("A fleet needs at least one ship.", nameof(fleet));
        }
        if (Fleet.Select(s => s.Type).Distinct().Count() != Fleet.Length)
        {
            throw new ArgumentException("A fleet holds each ship type at most once.", nameof(fleet));
        }
        var longest = Math.Max(rows, columns);
        foreach (var ship in Fleet)
        {
            if (!Enum.IsDefined(ship.Type))
            {
                throw new ArgumentException($"{ship.Type} is not a ship type.", nameof(fleet));
            }
            if (ship.Length < 1 || ship.Length > longest)
            {
                throw new ArgumentException(
                    $"{ship.Type} of length {ship.Length} does not fit on a {rows}×{columns} board.",
                    nameof(fleet)
                );
            }
        }

        Rows = rows;
        Columns = columns;
        ShipsMayTouch = shipsMayTouch;
        HitKeepsTurn = hitKeepsTurn;
        Cells = rows * columns;
        BoardMask = Bitboard.Full(Cells);
        FleetCells = Fleet.Sum(s => s.Length);
        for (var cell = 0; cell < Cells; cell++)
        {
            var (row, column) = (cell / columns, cell % columns);
            NotFirstColumn |= column > 0 ? Bitboard.Bit(cell) : UInt128.Zero;
            NotLastColumn |= column < columns - 1 ? Bitboard.Bit(cell) : UInt128.Zero;
            EvenCells |= (row + column) % 2 == 0 ? Bitboard.Bit(cell) : UInt128.Zero;
        }
        _tablesByLength = new PlacementTable[longest + 1];
        for (var length = 1; length <= longest; length++)
        {
            _tablesByLength[length] = new PlacementTable(this, length);
        }
    }

    /// <summary>The standard fleet, in its canonical order.</summary>
    public static ImmutableArray<ShipSpec> StandardFleet { get; } =
    [
        new(ShipType.Carrier, 5),
        new(ShipType.Battleship, 4),
        new(ShipType.Cruiser, 3),
        new(ShipType.Submarine, 3),
        new(ShipType.Destroyer, 2),
    ];

    /// <summary>The standard game: 10×10, Carrier 5, Battleship 4, Cruiser 3, Submarine 3, Destroyer 2; ships may touch; turns alternate.</summary>
    /// <remarks>Declared after <see cref="StandardFleet"/>: static initialisers run in order.</remarks>
    public static GameRules Standard { get; } = new(10, 10, StandardFleet);

    /// <summary>Board rows.</summary>
    public int Rows { get; }

    /// <summary>Board columns.</summary>
    public int Columns { get; }

    /// <summary>Rows × columns.</summary>
    public int Cells { get; }

    /// <summary>The set of every cell of the board.</summary>
    public UInt128 BoardMask { get; }

    /// <summary>The ships of one player's fleet; a ship's index in this array is its fleet index.</summary>
    public ImmutableArray<ShipSpec> Fleet { get; }

    /// <summary>The number of cells the fleet covers (17 in the standard game).</summary>
    public int FleetCells { get; }

    /// <summary>Whether ships may be adjacent to each other.</summary>
    public bool ShipsMayTouch { get; }

    /// <summary>Whether a hit lets the shooter fire again.</summary>
    public bool HitKeepsTurn { get; }

    /// <summary>Every cell except those of the first column.</summary>
    internal UInt128 NotFirstColumn { get; }

    /// <summary>Every cell except those of the last column.</summary>
    internal UInt128 NotLastColumn { get; }

    /// <summary>The cells whose row + column is even (one colour of a checkerboard).</summary>
    internal UInt128 EvenCells { get; }

    /// <summary>The cells orthogonally next to any cell of <paramref name="cells"/>.</summary>
    internal UInt128 Neighbours(UInt128 cells) =>
        (((cells & NotLastColumn) << 1) | ((cells & NotFirstColumn) >> 1) | (cells << Columns) | (cells >> Columns)) & BoardMask;

    /// <summary>The cell index of (row, column).</summary>
    public int CellAt(int row, int column) => row * Columns + column;

    /// <summary>Whether (row, column) lies on the board.</summary>
    public bool IsOnBoard(int row, int column) => (uint)row < (uint)Rows && (uint)column < (uint)Columns;

    /// <summary>Whether <paramref name="cell"/> is a cell index of the board.</summary>
    public bool IsOnBoard(int cell) => (uint)cell < (uint)Cells;

    /// <summary>The fleet index of <paramref name="type"/>, or -1 when the fleet has no such ship.</summary>
    public int FleetIndexOf(ShipType type)
    {
        for (var i = 0; i < Fleet.Length; i++)
        {
            if (Fleet[i].Type == type)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Every position of a ship of <paramref name="length"/> that lies on the board.</summary>
    internal PlacementTable PlacementsOfLength(int length) => _tablesByLength[length];

    /// <summary>The cells of a ship, or zero when any of them leaves the board.</summary>
    public UInt128 ShipMask(int row, int column, Orientation orientation, int length)
    {
        var (dr, dc) = orientation == Orientation.Horizontal ? (0, 1) : (1, 0);
        var lastRow = row + dr * (length - 1);
        var lastColumn = column + dc * (length - 1);
        if (!IsOnBoard(row, column) || !IsOnBoard(lastRow, lastColumn))
        {
            return UInt128.Zero;
        }
        var mask = UInt128.Zero;
        for (var i = 0; i < length; i++)
        {
            mask |= Bitboard.Bit(CellAt(row + dr * i, column + dc * i));
        }
        return mask;
    }

    /// <summary>The cells of <paramref name="mask"/> plus every cell touching one of them, diagonals included.</summary>
    public UInt128 Halo(UInt128 mask)
    {
        var halo = mask;
        for (var rest = mask; rest != UInt128.Zero; rest &= rest - UInt128.One)
        {
            var cell = Bitboard.First(rest);
            var (row, column) = (cell / Columns, cell % Columns);
            for (var dr = -1; dr <= 1; dr++)
            {
                for (var dc = -1; dc <= 1; dc++)
                {
                    if (IsOnBoard(row + dr, column + dc))
                    {
                        halo |= Bitboard.Bit(CellAt(row + dr, column + dc));
                    }
                }
            }
        }
        return halo;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Rows}×{Columns} [{string.Join(' ', Fleet.Select(s => $"{s.Type}:{s.Length}"))}]"
        + (ShipsMayTouch ? "" : " no-touching")
        + (HitKeepsTurn ? " hit-keeps-turn" : "");
}

/// <summary>Every on-board position of a ship of one length: its cells and, for no-touching rules, its halo.</summary>
internal sealed class PlacementTable
{
    public PlacementTable(GameRules rules, int length)
    {
        var masks = new List<UInt128>();
        var origins = new List<(int Row, int Column, Orientation Orientation)>();
        foreach (var orientation in new[] { Orientation.Horizontal, Orientation.Vertical })
        {
            if (length == 1 && orientation == Orientation.Vertical)
            {
                continue; // a one-cell ship has one position per cell, not two
            }
            for (var row = 0; row < rules.Rows; row++)
            {
                for (var column = 0; column < rules.Columns; column++)
                {
                    var mask = rules.ShipMask(row, column, orientation, length);
                    if (mask != UInt128.Zero)
                    {
                        masks.Add(mask);
                        origins.Add((row, column, orientation));
                    }
                }
            }
        }
        Masks = [.. masks];
        Origins = [.. origins];
        Halos = [.. masks.Select(rules.Halo)];
    }

    /// <summary>The cells of each position.</summary>
    public UInt128[] Masks { get; }

    /// <summary>Each position's cells plus their neighbours.</summary>
    public UInt128[] Halos { get; }

    /// <summary>Each position's origin and orientation.</summary>
    public (int Row, int Column, Orientation Orientation)[] Origins { get; }
}
