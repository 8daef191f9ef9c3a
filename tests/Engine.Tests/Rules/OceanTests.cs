namespace Battleship.Engine.Tests.Rules;

public sealed class OceanTests
{
    private static Ocean StandardOcean() => new(TestBoards.StandardLayout());

    [Fact]
    public void NewOcean_HasTheFleetAndNoShots()
    {
        // Act
        var ocean = StandardOcean();

        // Assert
        Assert.Equal(TestBoards.Mask(TestBoards.AllShipCells), ocean.Occupied);
        Assert.Equal(UInt128.Zero, ocean.Shots);
        Assert.Equal(UInt128.Zero, ocean.Hits);
        Assert.Equal(UInt128.Zero, ocean.SunkCells);
        Assert.Equal(0b11111u, ocean.AfloatShips);
        Assert.False(ocean.AllSunk);
        Assert.Equal(0, ocean.ShotCount);
        Assert.Equal(TestBoards.Mask(TestBoards.DestroyerCells), ocean.ShipMask(4));
    }

    [Theory]
    [InlineData(77, ShotOutcome.Miss)] // water
    [InlineData(2, ShotOutcome.Hit)] // a cell of the Carrier, which stays afloat
    public void Fire_NotSinking_IsMissOrHitAndRevealsNothingMore(int cell, ShotOutcome outcome)
    {
        // Arrange
        var ocean = StandardOcean();
        var isHit = outcome == ShotOutcome.Hit;

        // Act
        var result = ocean.Fire(cell);

        // Assert
        Assert.Equal(new ShotResult(cell, outcome, null, UInt128.Zero), result);
        Assert.Equal(isHit, result.IsHit);
        Assert.Equal(TestBoards.Mask(cell), ocean.Shots);
        Assert.Equal(isHit ? TestBoards.Mask(cell) : UInt128.Zero, ocean.Hits);
        Assert.Equal(UInt128.Zero, ocean.SunkCells);
        Assert.Equal(0b11111u, ocean.AfloatShips);
        Assert.Equal(1, ocean.ShotCount);
    }

    [Fact]
    public void Fire_AtTheLastCellOfAShip_IsSunkAndRevealsItsType()
    {
        // Arrange
        var ocean = StandardOcean();
        var first = ocean.Fire(98);

        // Act
        var result = ocean.Fire(99);

        // Assert
        Assert.Equal(ShotOutcome.Hit, first.Outcome);
        Assert.Equal(ShotOutcome.Sunk, result.Outcome);
        Assert.Equal(ShipType.Destroyer, result.SunkShip);
        Assert.Equal(99, result.Cell);
        Assert.Equal(ocean.ShipMask(4), result.SunkCells);
        Assert.Equal(TestBoards.Mask(98, 99), result.SunkCells);
        Assert.Equal(TestBoards.Mask(98, 99), ocean.SunkCells);
        Assert.Equal(0b01111u, ocean.AfloatShips);
        Assert.False(ocean.AllSunk);
    }

    [Theory]
    [InlineData(ShipType.Carrier, new[] { 4, 0, 2, 1, 3 })]
    [InlineData(ShipType.Battleship, new[] { 23, 20, 21, 22 })]
    [InlineData(ShipType.Cruiser, new[] { 60, 40, 50 })]
    [InlineData(ShipType.Submarine, new[] { 55, 65, 45 })]
    public void Fire_EveryCellOfAShipInAnyOrder_SinksItOnTheLast(ShipType ship, int[] cells)
    {
        // Arrange
        var ocean = StandardOcean();
        var index = GameRules.Standard.FleetIndexOf(ship);

        // Act
        var results = cells.Select(ocean.Fire).ToArray();

        // Assert
        Assert.All(results[..^1], r => Assert.Equal(ShotOutcome.Hit, r.Outcome));
        Assert.All(results[..^1], r => Assert.Null(r.SunkShip));
        Assert.Equal(ShotOutcome.Sunk, results[^1].Outcome);
        Assert.Equal(ship, results[^1].SunkShip);
        Assert.Equal(ocean.ShipMask(index), results[^1].SunkCells);
        Assert.Equal(TestBoards.Mask(cells), ocean.SunkCells);
        Assert.Equal(0b11111u & ~(1u << index), ocean.AfloatShips);
    }

    [Fact]
    public void Fire_SinkingTheLastShip_IsWin()
    {
        // Arrange: everything but the last Submarine cell.
        var ocean = StandardOcean();
        foreach (var cell in TestBoards.AllShipCells.Where(c => c != 65))
        {
            ocean.Fire(cell);
        }

        // Act
        var result = ocean.Fire(65);

        // Assert
        Assert.Equal(ShotOutcome.Win, result.Outcome);
        Assert.Equal(ShipType.Submarine, result.SunkShip);
        Assert.Equal(TestBoards.Mask(45, 55, 65), result.SunkCells);
        Assert.True(ocean.AllSunk);
        Assert.Equal(0u, ocean.AfloatShips);
        Assert.Equal(ocean.Occupied, ocean.SunkCells);
        Assert.Equal(ocean.Occupied, ocean.Hits);
        Assert.Equal(17, ocean.ShotCount);
    }

    [Theory]
    [MemberData(nameof(TestBoards.CellsOffTheStandardBoard), MemberType = typeof(TestBoards))]
    public void Fire_OffTheBoard_IsOutOfBounds(int cell)
    {
        // Arrange
        var ocean = StandardOcean();
        var before = OceanState.Of(ocean);

        // Act
        var e = Assert.Throws<InvalidMoveException>(() => ocean.Fire(cell));
        var error = ocean.TryFire(cell, out var result);

        // Assert
        Assert.Equal(MoveError.OutOfBounds, e.Error);
        Assert.Equal($"Cell {cell} is not on the board.", e.Message);
        Assert.Equal(MoveError.OutOfBounds, error);
        Assert.Equal(default, result);
        Assert.Equal(before, OceanState.Of(ocean));
    }

    [Theory]
    [InlineData(77)] // a miss
    [InlineData(2)] // a hit
    [InlineData(99)] // a cell of a sunk ship
    public void Fire_AtACellFiredBefore_IsAlreadyFired(int cell)
    {
        // Arrange
        var ocean = StandardOcean();
        ocean.Fire(98);
        ocean.Fire(cell);
        var before = OceanState.Of(ocean);

        // Act
        var e = Assert.Throws<InvalidMoveException>(() => ocean.Fire(cell));
        var error = ocean.TryFire(cell, out var result);

        // Assert
        Assert.Equal(MoveError.AlreadyFired, e.Error);
        Assert.Equal(MoveError.AlreadyFired, error);
        Assert.Equal(default, result);
        Assert.Equal(before, OceanState.Of(ocean));
    }

    [Fact]
    public void Fire_AfterEveryShipSank_IsGameOver()
    {
        // Arrange
        var ocean = StandardOcean();
        foreach (var cell in TestBoards.AllShipCells)
        {
            ocean.Fire(cell);
        }
        var before = OceanState.Of(ocean);

        // Act
        var e = Assert.Throws<InvalidMoveException>(() => ocean.Fire(77));
        var error = ocean.TryFire(77, out _);

        // Assert
        Assert.Equal(MoveError.GameOver, e.Error);
        Assert.Equal(MoveError.GameOver, error);
        Assert.Equal(before, OceanState.Of(ocean));
    }

    [Fact]
    public void TryFire_AcceptedShot_ReturnsNoneAndTheSameResultAsFire()
    {
        // Arrange
        var a = StandardOcean();
        var b = StandardOcean();
        int[] cells = [98, 77, 99, 0];

        foreach (var cell in cells)
        {
            // Act
            var error = a.TryFire(cell, out var tried);
            var fired = b.Fire(cell);

            // Assert
            Assert.Equal(MoveError.None, error);
            Assert.Equal(fired, tried);
        }
        Assert.Equal(OceanState.Of(b), OceanState.Of(a));
    }

    [Fact]
    public void View_ShowsShotsHitsAndSunkShipsOnly()
    {
        // Arrange
        var ocean = StandardOcean();
        int[] cells = [77, 0, 98, 99];
        foreach (var cell in cells)
        {
            ocean.Fire(cell);
        }

        // Act
        var view = ocean.View;

        // Assert
        Assert.Same(GameRules.Standard, view.Rules);
        Assert.Equal(TestBoards.Mask(77, 0, 98, 99), view.Shots);
        Assert.Equal(TestBoards.Mask(0, 98, 99), view.Hits);
        Assert.Equal(TestBoards.Mask(98, 99), view.SunkCells);
        Assert.Equal(TestBoards.Mask(77), view.Misses);
        Assert.Equal(TestBoards.Mask(0), view.UnresolvedHits);
        Assert.Equal(GameRules.Standard.BoardMask & ~TestBoards.Mask(77, 0, 98, 99), view.Unshot);
        Assert.True(view.IsAfloat(0));
        Assert.False(view.IsAfloat(4));
        Assert.Equal(0b01111u, view.AfloatShips);
    }

    [Fact]
    public void Reset_ClearsEveryShot_AndTakesTheNewFleet()
    {
        // Arrange
        var ocean = StandardOcean();
        ocean.Fire(98);
        ocean.Fire(99);
        ocean.Fire(77);
        var next = FleetLayout.Random(GameRules.Standard, 5);

        // Act
        ocean.Reset(next);

        // Assert
        Assert.Equal(new OceanState(UInt128.Zero, UInt128.Zero, UInt128.Zero, 0b11111u, next.Occupied), OceanState.Of(ocean));
        Assert.Equal(next.ShipMasks.ToArray(), Enumerable.Range(0, 5).Select(ocean.ShipMask).ToArray());
    }

    [Fact]
    public void Reset_WithMasks_TakesThemInFleetOrder()
    {
        // Arrange
        var ocean = new Ocean(GameRules.Standard);
        UInt128[] masks = [.. TestBoards.StandardLayout().ShipMasks];

        // Act
        ocean.Reset(masks);
        var result = ocean.Fire(99);
        var sunk = ocean.Fire(98);

        // Assert
        Assert.Equal(ShotOutcome.Hit, result.Outcome);
        Assert.Equal(ShipType.Destroyer, sunk.SunkShip);
    }

    [Fact]
    public void Reset_WithTheWrongNumberOfMasks_Throws()
    {
        // Arrange
        var ocean = new Ocean(GameRules.Standard);
        UInt128[] masks = [TestBoards.Mask(0, 1)];

        // Act and Assert
        Assert.Throws<ArgumentException>(() => ocean.Reset(masks));
    }

    [Fact]
    public void Reset_WithLayoutOfOtherRules_Throws()
    {
        // Arrange: equal but distinct rules objects are different rules to the engine.
        var ocean = StandardOcean();
        var other = new GameRules(10, 10, GameRules.StandardFleet);
        var layout = FleetLayout.Create(other, TestBoards.StandardPlacements);

        // Act and Assert
        Assert.Throws<ArgumentException>(() => ocean.Reset(layout));
    }

    [Fact]
    public void Constructor_WithNull_Throws()
    {
        // Act and Assert
        Assert.Throws<ArgumentNullException>(() => new Ocean((FleetLayout)null!));
        Assert.Throws<ArgumentNullException>(() => new Ocean((GameRules)null!));
    }
}
