namespace Battleship.Engine.Tests.Rules;

/// <summary>Fixed fleets, rules variants and small helpers shared by the rule tests.</summary>
internal static class TestBoards
{
    /// <summary>
    /// One fixed layout of the standard fleet (cell = row * 10 + column):
    /// Carrier row 0 columns 0-4 (cells 0-4), Battleship row 2 columns 0-3 (cells 20-23),
    /// Cruiser column 0 rows 4-6 (cells 40, 50, 60), Submarine column 5 rows 4-6 (cells 45, 55, 65),
    /// Destroyer row 9 columns 8-9 (cells 98, 99).
    /// </summary>
    public static IReadOnlyList<ShipPlacement> StandardPlacements { get; } =
    [
        new(ShipType.Carrier, 0, 0, Orientation.Horizontal),
        new(ShipType.Battleship, 2, 0, Orientation.Horizontal),
        new(ShipType.Cruiser, 4, 0, Orientation.Vertical),
        new(ShipType.Submarine, 4, 5, Orientation.Vertical),
        new(ShipType.Destroyer, 9, 8, Orientation.Horizontal),
    ];

    public static int[] CarrierCells { get; } = [0, 1, 2, 3, 4];
    public static int[] BattleshipCells { get; } = [20, 21, 22, 23];
    public static int[] CruiserCells { get; } = [40, 50, 60];
    public static int[] SubmarineCells { get; } = [45, 55, 65];
    public static int[] DestroyerCells { get; } = [98, 99];

    /// <summary>The 17 ship cells of <see cref="StandardPlacements"/>, fleet order, each ship's cells ascending.</summary>
    public static int[] AllShipCells { get; } =
    [.. CarrierCells, .. BattleshipCells, .. CruiserCells, .. SubmarineCells, .. DestroyerCells];

    /// <summary>Hit-keeps-turn variant of the standard game.</summary>
    public static GameRules HitKeepsTurn { get; } = new(10, 10, GameRules.StandardFleet, hitKeepsTurn: true);

    /// <summary>No-touching variant of the standard game.</summary>
    public static GameRules NoTouching { get; } = new(10, 10, GameRules.StandardFleet, shipsMayTouch: false);

    /// <summary>Cells off the standard board: just before it, just after it, and the extremes of <see cref="int"/>.</summary>
    public static TheoryData<int> CellsOffTheStandardBoard { get; } = [-1, 100, int.MinValue, int.MaxValue];

    public static FleetLayout StandardLayout(GameRules? rules = null) =>
        FleetLayout.Create(rules ?? GameRules.Standard, StandardPlacements);

    /// <summary>A game of <paramref name="rules"/> with <see cref="StandardPlacements"/> for both players, in progress.</summary>
    public static BattleshipGame StartedGame(GameRules? rules = null, Player firstPlayer = Player.One)
    {
        var game = new BattleshipGame(rules ?? GameRules.Standard, firstPlayer);
        game.PlaceFleet(Player.One, StandardLayout(game.Rules));
        game.PlaceFleet(Player.Two, StandardLayout(game.Rules));
        return game;
    }

    /// <summary>The set of <paramref name="cells"/>, computed without the engine's helpers.</summary>
    public static UInt128 Mask(params ReadOnlySpan<int> cells)
    {
        var mask = UInt128.Zero;
        foreach (var cell in cells)
        {
            mask |= UInt128.One << cell;
        }
        return mask;
    }

    /// <summary>The cells of <paramref name="mask"/>, ascending, computed without the engine's helpers.</summary>
    public static int[] CellsOf(UInt128 mask)
    {
        var cells = new List<int>();
        for (var cell = 0; cell < 128; cell++)
        {
            if (((mask >> cell) & UInt128.One) == UInt128.One)
            {
                cells.Add(cell);
            }
        }
        return [.. cells];
    }
}
