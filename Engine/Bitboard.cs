using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Battleship.Engine;

/// <summary>
/// Helpers for bitboards: a set of cells stored as the bits of a <see cref="UInt128"/>, bit
/// <c>row * columns + column</c> standing for that cell. Boards of up to 128 cells fit.
/// </summary>
public static class Bitboard
{
    /// <summary>The most cells a board may have.</summary>
    public const int MaxCells = 128;

    /// <summary>The set holding only <paramref name="cell"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 Bit(int cell) => UInt128.One << cell;

    /// <summary>Whether <paramref name="cell"/> is in <paramref name="board"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Contains(UInt128 board, int cell) =>
        ((board >> cell) & UInt128.One) != UInt128.Zero;

    /// <summary>The number of cells in <paramref name="board"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(UInt128 board) => (int)UInt128.PopCount(board);

    /// <summary>The lowest cell in a non-empty <paramref name="board"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int First(UInt128 board) => (int)UInt128.TrailingZeroCount(board);

    /// <summary>The set of the first <paramref name="cells"/> cells (the whole board).</summary>
    public static UInt128 Full(int cells) =>
        cells >= MaxCells ? UInt128.MaxValue : (UInt128.One << cells) - UInt128.One;

    /// <summary>The <paramref name="n"/>-th lowest cell (0-based) of <paramref name="board"/>, which must hold more than n cells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Nth(UInt128 board, int n)
    {
        var low = (ulong)board;
        var lowCount = (int)ulong.PopCount(low);
        if (n < lowCount)
        {
            return NthOf64(low, n);
        }
        return 64 + NthOf64((ulong)(board >> 64), n - lowCount);
    }

    /// <summary>Copies the cells of <paramref name="board"/> into <paramref name="destination"/> in ascending order and returns how many there were.</summary>
    public static int CopyCells(UInt128 board, Span<int> destination)
    {
        var n = 0;
        while (board != UInt128.Zero)
        {
            destination[n++] = First(board);
            board &= board - UInt128.One;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NthOf64(ulong x, int n)
    {
        if (Bmi2.X64.IsSupported)
        {
            return (int)ulong.TrailingZeroCount(Bmi2.X64.ParallelBitDeposit(1UL << n, x));
        }
        for (var i = 0; i < n; i++)
        {
            x &= x - 1;
        }
        return (int)ulong.TrailingZeroCount(x);
    }
}
