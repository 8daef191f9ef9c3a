namespace Battleship.Engine.Tests.Rules;

public sealed class BitboardTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(127)]
    public void Bit_SetsExactlyThatCell(int cell)
    {
        // Act
        var board = Bitboard.Bit(cell);

        // Assert
        Assert.Equal(UInt128.One << cell, board);
        Assert.True(Bitboard.Contains(board, cell));
        Assert.Equal(1, Bitboard.Count(board));
        Assert.Equal(cell, Bitboard.First(board));
    }

    [Fact]
    public void Contains_IsFalseForOtherCells()
    {
        // Arrange
        var board = TestBoards.Mask(3, 70);

        // Act and Assert
        Assert.True(Bitboard.Contains(board, 3));
        Assert.True(Bitboard.Contains(board, 70));
        Assert.False(Bitboard.Contains(board, 4));
        Assert.False(Bitboard.Contains(board, 6));
        Assert.False(Bitboard.Contains(board, 127));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(121)]
    [InlineData(127)]
    [InlineData(128)]
    public void Full_HoldsTheFirstNCells(int cells)
    {
        // Act
        var board = Bitboard.Full(cells);

        // Assert
        Assert.Equal(cells, Bitboard.Count(board));
        Assert.Equal(TestBoards.Mask([.. Enumerable.Range(0, cells)]), board);
    }

    [Fact]
    public void Count_CountsCellsInBothHalves()
    {
        // Act and Assert
        Assert.Equal(0, Bitboard.Count(UInt128.Zero));
        Assert.Equal(128, Bitboard.Count(UInt128.MaxValue));
        Assert.Equal(4, Bitboard.Count(TestBoards.Mask(0, 63, 64, 127)));
    }

    [Fact]
    public void First_IsTheLowestCell()
    {
        // Act and Assert
        Assert.Equal(5, Bitboard.First(TestBoards.Mask(5, 9, 100)));
        Assert.Equal(64, Bitboard.First(TestBoards.Mask(64, 120)));
    }

    [Fact]
    public void Nth_GivesTheNthLowestCell_AcrossBothHalves()
    {
        // Arrange
        var board = TestBoards.Mask(1, 5, 63, 64, 90, 127);

        // Act
        var cells = Enumerable.Range(0, 6).Select(n => Bitboard.Nth(board, n)).ToArray();

        // Assert
        Assert.Equal([1, 5, 63, 64, 90, 127], cells);
    }

    [Fact]
    public void Nth_OnOnlyHighCells_Works()
    {
        // Act and Assert
        Assert.Equal(100, Bitboard.Nth(TestBoards.Mask(100, 110), 0));
        Assert.Equal(110, Bitboard.Nth(TestBoards.Mask(100, 110), 1));
    }

    [Fact]
    public void Nth_AgreesWithASimpleScan_OnRandomBoards()
    {
        // Arrange
        var rng = new Rng(3);

        for (var i = 0; i < 2000; i++)
        {
            var board = new UInt128(rng.NextUInt64() & rng.NextUInt64(), rng.NextUInt64() & rng.NextUInt64());
            var expected = TestBoards.CellsOf(board);

            // Act
            var actual = Enumerable.Range(0, expected.Length).Select(n => Bitboard.Nth(board, n)).ToArray();

            // Assert
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void CopyCells_WritesCellsAscending_AndReturnsTheirCount()
    {
        // Arrange
        var board = TestBoards.Mask(99, 0, 64, 12, 127);
        Span<int> buffer = stackalloc int[8];
        buffer.Fill(-7);

        // Act
        var n = Bitboard.CopyCells(board, buffer);

        // Assert
        Assert.Equal(5, n);
        Assert.Equal([0, 12, 64, 99, 127], buffer[..n].ToArray());
        Assert.Equal([-7, -7, -7], buffer[n..].ToArray());
    }

    [Fact]
    public void CopyCells_EmptyBoard_WritesNothing()
    {
        // Act
        var n = Bitboard.CopyCells(UInt128.Zero, []);

        // Assert
        Assert.Equal(0, n);
    }

    [Fact]
    public void CopyCells_FullBoard_Writes128Cells()
    {
        // Arrange
        var buffer = new int[128];

        // Act
        var n = Bitboard.CopyCells(UInt128.MaxValue, buffer);

        // Assert
        Assert.Equal(128, n);
        Assert.Equal(Enumerable.Range(0, 128), buffer);
    }
}
