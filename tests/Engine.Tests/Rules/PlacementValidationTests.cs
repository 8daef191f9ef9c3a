namespace Battleship.Engine.Tests.Rules;

public sealed class PlacementValidationTests
{
    private static ShipPlacement[] StandardWith(ShipType ship, int row, int column, Orientation orientation) =>
        [.. TestBoards.StandardPlacements.Select(p => p.Ship == ship ? new ShipPlacement(ship, row, column, orientation) : p)];

    /// <summary>The standard placements, changed so that they are not the standard fleet.</summary>
    private static IEnumerable<ShipPlacement> WrongFleet(string fleet) =>
        fleet switch
        {
            "no Submarine" => TestBoards.StandardPlacements.Where(p => p.Ship != ShipType.Submarine),
            "no ships" => [],
            // The extra ships stand far from everything.
            "a second Destroyer" => [.. TestBoards.StandardPlacements, new(ShipType.Destroyer, 7, 8, Orientation.Horizontal)],
            "an undefined ship type" => [.. TestBoards.StandardPlacements, new((ShipType)99, 7, 8, Orientation.Horizontal)],
            "no Destroyer, the Carrier off the board" => StandardWith(ShipType.Carrier, 0, 9, Orientation.Horizontal)
                .Where(p => p.Ship != ShipType.Destroyer),
            _ => throw new ArgumentOutOfRangeException(nameof(fleet)),
        };

    private static PlacementProblem ProblemOf(GameRules rules, IEnumerable<ShipPlacement> placements)
    {
        var ok = FleetLayout.TryCreate(rules, placements, out var layout, out var problem);
        Assert.False(ok);
        Assert.Null(layout);
        return problem!;
    }

    [Fact]
    public void Create_ValidLayout_GivesPlacementsAndMasksInFleetOrder()
    {
        // Act
        var layout = FleetLayout.Create(GameRules.Standard, TestBoards.StandardPlacements);

        // Assert
        Assert.Same(GameRules.Standard, layout.Rules);
        Assert.Equal(TestBoards.StandardPlacements, layout.Placements);
        Assert.Equal(TestBoards.Mask(TestBoards.CarrierCells), layout.ShipMask(0));
        Assert.Equal(TestBoards.Mask(TestBoards.BattleshipCells), layout.ShipMask(1));
        Assert.Equal(TestBoards.Mask(TestBoards.CruiserCells), layout.ShipMask(2));
        Assert.Equal(TestBoards.Mask(TestBoards.SubmarineCells), layout.ShipMask(3));
        Assert.Equal(TestBoards.Mask(TestBoards.DestroyerCells), layout.ShipMask(4));
        Assert.Equal(5, layout.ShipMasks.Length);
        Assert.Equal(TestBoards.Mask(TestBoards.AllShipCells), layout.Occupied);
    }

    [Fact]
    public void Create_AcceptsPlacementsInAnyOrder()
    {
        // Arrange: every one of the 120 orders of the five placements.
        var orders = Permutations(TestBoards.StandardPlacements.ToArray()).ToArray();

        // Act
        var layouts = orders.Select(order => FleetLayout.Create(GameRules.Standard, order)).ToArray();

        // Assert
        Assert.Equal(120, layouts.Length);
        Assert.All(layouts, l => Assert.Equal(TestBoards.StandardPlacements, l.Placements));
        Assert.All(layouts, l => Assert.Equal(TestBoards.Mask(TestBoards.AllShipCells), l.Occupied));
    }

    [Fact]
    public void TryCreate_ValidLayout_ReturnsTrueAndNoProblem()
    {
        // Act
        var ok = FleetLayout.TryCreate(GameRules.Standard, TestBoards.StandardPlacements, out var layout, out var problem);

        // Assert
        Assert.True(ok);
        Assert.NotNull(layout);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(-1, 0, Orientation.Horizontal)] // negative row
    [InlineData(0, -1, Orientation.Horizontal)] // negative column
    [InlineData(-1, 5, Orientation.Vertical)]
    [InlineData(3, 6, Orientation.Horizontal)] // columns 6-10: runs off the right edge by one
    [InlineData(6, 3, Orientation.Vertical)] // rows 6-10: runs off the bottom edge by one
    [InlineData(10, 0, Orientation.Horizontal)] // below the board
    [InlineData(0, 10, Orientation.Vertical)] // right of the board
    [InlineData(int.MaxValue, 0, Orientation.Vertical)]
    [InlineData(0, int.MinValue, Orientation.Horizontal)]
    public void TryCreate_ShipLeavingTheBoard_IsOutOfBounds(int row, int column, Orientation orientation)
    {
        // Arrange: move the Carrier (length 5) to a place where it does not fit.
        var placements = StandardWith(ShipType.Carrier, row, column, orientation);

        // Act
        var problem = ProblemOf(GameRules.Standard, placements);

        // Assert
        Assert.Equal(PlacementError.OutOfBounds, problem.Error);
        Assert.Equal(ShipType.Carrier, problem.Ship);
    }

    [Theory]
    [InlineData(7, 5, Orientation.Horizontal)] // columns 5-9: ends on the right edge exactly
    [InlineData(5, 9, Orientation.Vertical)] // rows 5-9 of the last column: the bottom edge exactly
    public void TryCreate_ShipEndingOnTheLastRowOrColumn_IsAccepted(int row, int column, Orientation orientation)
    {
        // Arrange: the Carrier moved to end exactly on the edge, clear of the other ships.
        var placements = StandardWith(ShipType.Carrier, row, column, orientation).Where(p => p.Ship != ShipType.Destroyer);
        ShipPlacement[] withDestroyer = [.. placements, new(ShipType.Destroyer, 0, 8, Orientation.Horizontal)];

        // Act
        var ok = FleetLayout.TryCreate(GameRules.Standard, withDestroyer, out var layout, out var problem);

        // Assert
        Assert.True(ok, problem?.Message);
        Assert.Equal(5, Bitboard.Count(layout!.ShipMask(0)));
    }

    [Theory]
    [InlineData(ShipType.Destroyer, 9, 8, (Orientation)2, true, PlacementError.OutOfBounds, "Destroyer has no valid orientation.")]
    // Crossing the Battleship at cell 20: the later ship in fleet order is the one reported.
    [InlineData(ShipType.Destroyer, 2, 0, Orientation.Vertical, true, PlacementError.Overlap, "Destroyer overlaps Battleship.")]
    [InlineData(ShipType.Submarine, 4, 0, Orientation.Vertical, true, PlacementError.Overlap, "Submarine overlaps Cruiser.")] // on the same cells
    [InlineData(ShipType.Destroyer, 2, 0, Orientation.Vertical, false, PlacementError.Overlap, "Destroyer overlaps Battleship.")]
    public void TryCreate_OneShipMoved_IsReportedForThatShip(
        ShipType ship,
        int row,
        int column,
        Orientation orientation,
        bool shipsMayTouch,
        PlacementError error,
        string message
    )
    {
        // Arrange
        var placements = StandardWith(ship, row, column, orientation);
        var rules = shipsMayTouch ? GameRules.Standard : TestBoards.NoTouching;

        // Act
        var problem = ProblemOf(rules, placements);

        // Assert
        Assert.Equal(error, problem.Error);
        Assert.Equal(ship, problem.Ship);
        Assert.Equal(message, problem.Message);
    }

    [Theory]
    [InlineData("no Submarine", ShipType.Submarine, "Submarine is missing.")]
    [InlineData("no ships", ShipType.Carrier, "Carrier is missing.")] // the first ship of the fleet is named
    [InlineData("a second Destroyer", ShipType.Destroyer, "Destroyer is placed more than once.")]
    [InlineData("an undefined ship type", (ShipType)99, "The fleet has no 99.")]
    [InlineData("no Destroyer, the Carrier off the board", ShipType.Destroyer, "Destroyer is missing.")] // before out of bounds
    public void TryCreate_NotTheRulesFleet_IsWrongFleet(string fleet, ShipType ship, string message)
    {
        // Arrange
        var placements = WrongFleet(fleet);

        // Act
        var problem = ProblemOf(GameRules.Standard, placements);

        // Assert
        Assert.Equal(PlacementError.WrongFleet, problem.Error);
        Assert.Equal(ship, problem.Ship);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void TryCreate_ShipNotInTheFleet_IsWrongFleet()
    {
        // Arrange: rules without a Carrier.
        var rules = new GameRules(8, 8, [new(ShipType.Cruiser, 3), new(ShipType.Destroyer, 2)]);
        ShipPlacement[] placements =
        [
            new(ShipType.Cruiser, 0, 0, Orientation.Horizontal),
            new(ShipType.Destroyer, 2, 0, Orientation.Horizontal),
            new(ShipType.Carrier, 4, 0, Orientation.Horizontal),
        ];

        // Act
        var problem = ProblemOf(rules, placements);

        // Assert
        Assert.Equal(PlacementError.WrongFleet, problem.Error);
        Assert.Equal(ShipType.Carrier, problem.Ship);
        Assert.Equal("The fleet has no Carrier.", problem.Message);
    }

    [Fact]
    public void TryCreate_OutOfBoundsIsReportedBeforeOverlap()
    {
        // Arrange: the Submarine (fleet index 3) overlaps the Cruiser, and the Destroyer (index 4) is off the board.
        var placements = StandardWith(ShipType.Submarine, 4, 0, Orientation.Vertical)
            .Select(p => p.Ship == ShipType.Destroyer ? p with { Column = 9 } : p)
            .ToArray();

        // Act
        var problem = ProblemOf(GameRules.Standard, placements);

        // Assert
        Assert.Equal(PlacementError.OutOfBounds, problem.Error);
        Assert.Equal(ShipType.Destroyer, problem.Ship);
    }

    // Two-ship fleet on an 8×8 board: a Cruiser fixed at row 3, columns 2-4 (cells 26, 27, 28)
    // and a Destroyer placed around it.
    private static readonly ShipSpec[] PairFleet = [new(ShipType.Cruiser, 3), new(ShipType.Destroyer, 2)];

    private static ShipPlacement[] Pair(int destroyerRow, int destroyerColumn, Orientation orientation) =>
        [new(ShipType.Cruiser, 3, 2, Orientation.Horizontal), new(ShipType.Destroyer, destroyerRow, destroyerColumn, orientation)];

    [Theory]
    [InlineData(4, 2, Orientation.Horizontal)] // side by side, directly below
    [InlineData(2, 3, Orientation.Horizontal)] // side by side, directly above
    [InlineData(3, 5, Orientation.Horizontal)] // end to end on the right
    [InlineData(3, 0, Orientation.Horizontal)] // end to end on the left
    [InlineData(1, 4, Orientation.Vertical)] // end of the Destroyer against the top of the Cruiser
    [InlineData(4, 5, Orientation.Vertical)] // corner to corner only (diagonal), below right
    [InlineData(1, 1, Orientation.Vertical)] // corner to corner only (diagonal), above left
    [InlineData(2, 0, Orientation.Horizontal)] // diagonal: Destroyer cells (2,0),(2,1) touch (3,2) at a corner
    public void TryCreate_TouchingShipsUnderNoTouchingRules_AreAdjacent(int row, int column, Orientation orientation)
    {
        // Arrange
        var rules = new GameRules(8, 8, PairFleet, shipsMayTouch: false);

        // Act
        var problem = ProblemOf(rules, Pair(row, column, orientation));

        // Assert
        Assert.Equal(PlacementError.Adjacent, problem.Error);
        Assert.Equal(ShipType.Destroyer, problem.Ship);
        Assert.Equal("Destroyer touches Cruiser, and these rules forbid touching ships.", problem.Message);
    }

    [Theory]
    [InlineData(4, 2, Orientation.Horizontal)]
    [InlineData(2, 3, Orientation.Horizontal)]
    [InlineData(3, 5, Orientation.Horizontal)]
    [InlineData(3, 0, Orientation.Horizontal)]
    [InlineData(1, 4, Orientation.Vertical)]
    [InlineData(4, 5, Orientation.Vertical)]
    [InlineData(1, 1, Orientation.Vertical)]
    [InlineData(2, 0, Orientation.Horizontal)]
    public void TryCreate_TouchingShipsByDefault_AreAccepted(int row, int column, Orientation orientation)
    {
        // Arrange: the same layouts as above, under the default rules.
        var rules = new GameRules(8, 8, PairFleet);

        // Act
        var ok = FleetLayout.TryCreate(rules, Pair(row, column, orientation), out var layout, out var problem);

        // Assert
        Assert.True(rules.ShipsMayTouch);
        Assert.True(ok, problem?.Message);
        Assert.NotNull(layout);
    }

    [Theory]
    [InlineData(5, 2, Orientation.Horizontal)] // one empty row between
    [InlineData(3, 6, Orientation.Horizontal)] // one empty cell between, end to end
    [InlineData(5, 5, Orientation.Vertical)] // diagonal gap of one
    [InlineData(0, 1, Orientation.Vertical)] // rows 0-1 above row 3: one row between
    public void TryCreate_ShipsOneCellApartUnderNoTouchingRules_AreAccepted(int row, int column, Orientation orientation)
    {
        // Arrange
        var rules = new GameRules(8, 8, PairFleet, shipsMayTouch: false);

        // Act
        var ok = FleetLayout.TryCreate(rules, Pair(row, column, orientation), out _, out var problem);

        // Assert
        Assert.True(ok, problem?.Message);
    }

    [Fact]
    public void TryCreate_TouchingReportedForTheLaterShipInFleetOrder_WhateverTheInputOrder()
    {
        // Arrange: Destroyer given first, Cruiser second; the Cruiser is earlier in the fleet.
        var rules = new GameRules(8, 8, PairFleet, shipsMayTouch: false);
        var placements = Pair(4, 2, Orientation.Horizontal).Reverse();

        // Act
        var problem = ProblemOf(rules, placements);

        // Assert
        Assert.Equal(PlacementError.Adjacent, problem.Error);
        Assert.Equal(ShipType.Destroyer, problem.Ship);
    }

    [Fact]
    public void Create_InvalidLayout_ThrowsInvalidPlacementExceptionWithTheProblem()
    {
        // Arrange
        var placements = StandardWith(ShipType.Destroyer, 2, 0, Orientation.Vertical);
        FleetLayout.TryCreate(GameRules.Standard, placements, out _, out var expected);

        // Act
        var e = Assert.Throws<InvalidPlacementException>(() => FleetLayout.Create(GameRules.Standard, placements));

        // Assert
        Assert.Equal(expected, e.Problem);
        Assert.Equal(PlacementError.Overlap, e.Error);
        Assert.Equal(ShipType.Destroyer, e.Problem.Ship);
        Assert.Equal(e.Problem.Message, e.Message);
    }

    [Fact]
    public void Create_WithNullArguments_Throws()
    {
        // Act and Assert
        Assert.Throws<ArgumentNullException>(() => FleetLayout.Create(null!, TestBoards.StandardPlacements));
        Assert.Throws<ArgumentNullException>(() => FleetLayout.Create(GameRules.Standard, null!));
        Assert.Throws<ArgumentNullException>(() => new InvalidPlacementException(null!));
    }

    [Fact]
    public void PlaceFleet_InvalidPlacements_ThrowsAndPlacesNothing()
    {
        // Arrange
        var game = new BattleshipGame(GameRules.Standard);
        var before = GameSnapshot.Of(game);
        var placements = StandardWith(ShipType.Carrier, 0, 6, Orientation.Horizontal);

        // Act
        var e = Assert.Throws<InvalidPlacementException>(() => game.PlaceFleet(Player.One, placements));

        // Assert
        Assert.Equal(PlacementError.OutOfBounds, e.Error);
        Assert.False(game.HasPlacedFleet(Player.One));
        GameSnapshot.AssertSame(before, GameSnapshot.Of(game));
    }

    private static IEnumerable<ShipPlacement[]> Permutations(ShipPlacement[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
