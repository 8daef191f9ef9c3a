namespace Battleship.Engine.Tests.Rules;

public sealed class GameRulesTests
{
    [Fact]
    public void Standard_IsTenByTenWithTheFiveShipFleet()
    {
        // Arrange
        var rules = GameRules.Standard;

        // Act
        var fleet = rules.Fleet.ToArray();

        // Assert
        Assert.Equal(10, rules.Rows);
        Assert.Equal(10, rules.Columns);
        Assert.Equal(100, rules.Cells);
        Assert.Equal(17, rules.FleetCells);
        Assert.Equal((UInt128.One << 100) - UInt128.One, rules.BoardMask);
        Assert.True(rules.ShipsMayTouch);
        Assert.False(rules.HitKeepsTurn);
        Assert.Equal(
            [
                new ShipSpec(ShipType.Carrier, 5),
                new ShipSpec(ShipType.Battleship, 4),
                new ShipSpec(ShipType.Cruiser, 3),
                new ShipSpec(ShipType.Submarine, 3),
                new ShipSpec(ShipType.Destroyer, 2),
            ],
            fleet
        );
        Assert.Equal(GameRules.StandardFleet, rules.Fleet);
        Assert.Equal("10×10 [Carrier:5 Battleship:4 Cruiser:3 Submarine:3 Destroyer:2]", rules.ToString());
    }

    [Fact]
    public void ToString_NamesTheOptions()
    {
        // Arrange
        var rules = new GameRules(8, 8, [new(ShipType.Destroyer, 2)], shipsMayTouch: false, hitKeepsTurn: true);

        // Act
        var text = rules.ToString();

        // Assert
        Assert.Equal("8×8 [Destroyer:2] no-touching hit-keeps-turn", text);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-1, 10)]
    [InlineData(10, -5)]
    public void Constructor_WithNoRowsOrColumns_Throws(int rows, int columns)
    {
        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => new GameRules(rows, columns, GameRules.StandardFleet));
    }

    [Theory]
    [InlineData(12, 11)] // 132 cells
    [InlineData(129, 1)]
    [InlineData(1, 129)]
    [InlineData(65536, 65536)] // 2^32 cells: wraps to 0 in 32-bit arithmetic
    [InlineData(int.MaxValue, 2)] // wraps to -2 in 32-bit arithmetic
    public void Constructor_WithMoreThan128Cells_Throws(int rows, int columns)
    {
        // Act
        var e = Assert.Throws<ArgumentException>(() => new GameRules(rows, columns, [new(ShipType.Destroyer, 2)]));

        // Assert
        Assert.Contains("at most 128 cells", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 8)]
    [InlineData(8, 16)]
    [InlineData(128, 1)]
    public void Constructor_WithExactly128Cells_Works(int rows, int columns)
    {
        // Act
        var rules = new GameRules(rows, columns, [new(ShipType.Destroyer, 2)]);

        // Assert
        Assert.Equal(128, rules.Cells);
        Assert.Equal(UInt128.MaxValue, rules.BoardMask);
    }

    [Fact]
    public void Constructor_WithEmptyFleet_Throws()
    {
        // Act and Assert
        var e = Assert.Throws<ArgumentException>(() => new GameRules(10, 10, []));
        Assert.Equal("fleet", e.ParamName);
    }

    [Fact]
    public void Constructor_WithNullFleet_Throws()
    {
        // Act and Assert
        Assert.Throws<ArgumentNullException>(() => new GameRules(10, 10, null!));
    }

    [Fact]
    public void Constructor_WithDuplicateShipType_Throws()
    {
        // Arrange
        ShipSpec[] fleet = [new(ShipType.Cruiser, 3), new(ShipType.Destroyer, 2), new(ShipType.Cruiser, 2)];

        // Act
        var e = Assert.Throws<ArgumentException>(() => new GameRules(10, 10, fleet));

        // Assert
        Assert.Equal("fleet", e.ParamName);
        Assert.Contains("at most once", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 5, 6)]
    [InlineData(3, 4, 5)]
    [InlineData(1, 1, 2)]
    [InlineData(10, 10, 11)]
    public void Constructor_WithShipLongerThanTheBoard_Throws(int rows, int columns, int length)
    {
        // Act
        var e = Assert.Throws<ArgumentException>(() => new GameRules(rows, columns, [new(ShipType.Carrier, length)]));

        // Assert
        Assert.Equal("fleet", e.ParamName);
        Assert.Contains("does not fit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_WithShipOfNoLength_Throws(int length)
    {
        // Act and Assert
        Assert.Throws<ArgumentException>(() => new GameRules(10, 10, [new(ShipType.Carrier, length)]));
    }

    [Fact]
    public void Constructor_WithUndefinedShipType_Throws()
    {
        // Arrange: 33 ships of types outside the enum would overflow the 32-bit afloat set.
        var fleet = Enumerable.Range(5, 33).Select(t => new ShipSpec((ShipType)t, 1));

        // Act
        var e = Assert.Throws<ArgumentException>(() => new GameRules(10, 10, fleet));

        // Assert
        Assert.Contains("not a ship type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AcceptsAShipAsLongAsTheLongerSideOnly()
    {
        // Arrange: 2 rows, 5 columns; a 5-ship fits only horizontally.
        var rules = new GameRules(2, 5, [new(ShipType.Carrier, 5)]);

        // Act
        var layout = FleetLayout.Random(rules, 3);
        var vertical = FleetLayout.TryCreate(
            rules,
            [new ShipPlacement(ShipType.Carrier, 0, 0, Orientation.Vertical)],
            out _,
            out var problem
        );

        // Assert
        Assert.Equal(Orientation.Horizontal, layout.Placements[0].Orientation);
        Assert.False(vertical);
        Assert.Equal(PlacementError.OutOfBounds, problem!.Error);
    }

    [Fact]
    public void Variant_EightByEightWithThreeShips_PlaysToAWin()
    {
        // Arrange
        var rules = new GameRules(8, 8, [new(ShipType.Battleship, 4), new(ShipType.Cruiser, 3), new(ShipType.Destroyer, 2)]);

        // Act
        var game = SeededGames.Play(rules, seed: 8);

        // Assert
        Assert.Equal(64, rules.Cells);
        Assert.Equal(9, rules.FleetCells);
        Assert.Equal((UInt128.One << 64) - UInt128.One, rules.BoardMask);
        Assert.Equal(GamePhase.Finished, game.Phase);
        var loser = game.Winner!.Value.Opponent();
        Assert.Equal(game.OceanOf(loser)!.Occupied, game.OceanOf(loser)!.Hits);
        Assert.Equal(9, Bitboard.Count(game.OceanOf(loser)!.Hits));
        Assert.Equal(ShotOutcome.Win, game.Moves[^1].Outcome);
    }

    [Fact]
    public void Variant_ElevenByEleven_Has121CellsAndUsesTheHighBits()
    {
        // Arrange: a ship in the last row reaches cells above 64 and up to the last cell, 120.
        var rules = new GameRules(11, 11, [new(ShipType.Carrier, 5), new(ShipType.Destroyer, 2)]);
        var layout = FleetLayout.Create(
            rules,
            [
                new ShipPlacement(ShipType.Carrier, 10, 6, Orientation.Horizontal),
                new ShipPlacement(ShipType.Destroyer, 0, 0, Orientation.Vertical),
            ]
        );
        var ocean = new Ocean(layout);

        int[] shots = [116, 117, 118, 119, 120, 0, 11];

        // Act
        var results = shots.Select(ocean.Fire).ToArray();

        // Assert
        Assert.Equal(121, rules.Cells);
        Assert.Equal((UInt128.One << 121) - UInt128.One, rules.BoardMask);
        Assert.Equal(TestBoards.Mask(116, 117, 118, 119, 120), layout.ShipMask(0));
        Assert.Equal(TestBoards.Mask(0, 11), layout.ShipMask(1));
        Assert.Equal(
            [ShotOutcome.Hit, ShotOutcome.Hit, ShotOutcome.Hit, ShotOutcome.Hit, ShotOutcome.Sunk, ShotOutcome.Hit, ShotOutcome.Win],
            results.Select(r => r.Outcome)
        );
        Assert.Equal(TestBoards.Mask(116, 117, 118, 119, 120), results[4].SunkCells);
        Assert.Equal(MoveError.OutOfBounds, ocean.TryFire(121, out _));
    }

    [Fact]
    public void Variant_128Cells_FiresAtTheTopBit()
    {
        // Arrange: 16×8 uses every bit of the UInt128, including bit 127.
        var rules = new GameRules(16, 8, [new(ShipType.Destroyer, 2)]);
        var ocean = new Ocean(FleetLayout.Create(rules, [new ShipPlacement(ShipType.Destroyer, 15, 6, Orientation.Horizontal)]));

        // Act
        var first = ocean.Fire(126);
        var last = ocean.Fire(127);

        // Assert
        Assert.Equal(ShotOutcome.Hit, first.Outcome);
        Assert.Equal(ShotOutcome.Win, last.Outcome);
        Assert.Equal(UInt128.One << 126 | UInt128.One << 127, last.SunkCells);
        Assert.Equal(MoveError.OutOfBounds, ocean.TryFire(128, out _));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 9, 9)]
    [InlineData(1, 0, 10)]
    [InlineData(9, 9, 99)]
    [InlineData(4, 7, 47)]
    public void CellAt_IsRowTimesColumnsPlusColumn(int row, int column, int cell)
    {
        // Act and Assert
        Assert.Equal(cell, GameRules.Standard.CellAt(row, column));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(9, 9, true)]
    [InlineData(-1, 0, false)]
    [InlineData(0, -1, false)]
    [InlineData(10, 0, false)]
    [InlineData(0, 10, false)]
    public void IsOnBoard_ChecksRowAndColumn(int row, int column, bool expected)
    {
        // Act and Assert
        Assert.Equal(expected, GameRules.Standard.IsOnBoard(row, column));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(99, true)]
    [InlineData(-1, false)]
    [InlineData(100, false)]
    public void IsOnBoard_ChecksCellIndex(int cell, bool expected)
    {
        // Act and Assert
        Assert.Equal(expected, GameRules.Standard.IsOnBoard(cell));
    }

    [Fact]
    public void FleetIndexOf_GivesFleetOrder_OrMinusOne()
    {
        // Arrange
        var rules = new GameRules(8, 8, [new(ShipType.Destroyer, 2), new(ShipType.Cruiser, 3)]);

        // Act and Assert
        Assert.Equal(0, rules.FleetIndexOf(ShipType.Destroyer));
        Assert.Equal(1, rules.FleetIndexOf(ShipType.Cruiser));
        Assert.Equal(-1, rules.FleetIndexOf(ShipType.Carrier));
    }

    [Fact]
    public void ShipMask_GivesTheShipCells_OrZeroOffTheBoard()
    {
        // Arrange
        var rules = GameRules.Standard;

        // Act and Assert
        Assert.Equal(TestBoards.Mask(7, 8, 9), rules.ShipMask(0, 7, Orientation.Horizontal, 3));
        Assert.Equal(TestBoards.Mask(79, 89, 99), rules.ShipMask(7, 9, Orientation.Vertical, 3));
        Assert.Equal(UInt128.Zero, rules.ShipMask(0, 8, Orientation.Horizontal, 3));
        Assert.Equal(UInt128.Zero, rules.ShipMask(8, 0, Orientation.Vertical, 3));
        Assert.Equal(UInt128.Zero, rules.ShipMask(-1, 0, Orientation.Horizontal, 2));
    }

    [Fact]
    public void Halo_AddsEveryNeighbourIncludingDiagonals()
    {
        // Arrange
        var rules = GameRules.Standard;

        // Act
        var corner = rules.Halo(TestBoards.Mask(0));
        var middle = rules.Halo(TestBoards.Mask(55));
        var rightEdge = rules.Halo(TestBoards.Mask(19));

        // Assert: no wrap-around from the right edge into the next row.
        Assert.Equal(TestBoards.Mask(0, 1, 10, 11), corner);
        Assert.Equal(TestBoards.Mask(44, 45, 46, 54, 55, 56, 64, 65, 66), middle);
        Assert.Equal(TestBoards.Mask(8, 9, 18, 19, 28, 29), rightEdge);
    }
}
