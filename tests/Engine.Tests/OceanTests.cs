namespace Battleship.Engine.Tests;

public class OceanTests
{
    [Fact]
    public void FiringEveryCell_SinksTheWholeFleet_AndEndsInWin()
    {
        var rules = GameRules.Standard;
        var ocean = new Ocean(FleetLayout.Random(rules, 42));
        ShotResult last = default;
        for (var cell = 0; cell < rules.Cells && !ocean.AllSunk; cell++)
        {
            last = ocean.Fire(cell);
        }
        Assert.Equal(ShotOutcome.Win, last.Outcome);
        Assert.Equal(rules.FleetCells, Bitboard.Count(ocean.Hits));
        Assert.Equal(ocean.Occupied, ocean.SunkCells);
    }
}
