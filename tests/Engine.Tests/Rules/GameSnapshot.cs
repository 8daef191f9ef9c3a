namespace Battleship.Engine.Tests.Rules;

/// <summary>The observable state of one ocean.</summary>
internal sealed record OceanState(UInt128 Shots, UInt128 Hits, UInt128 SunkCells, uint AfloatShips, UInt128 Occupied)
{
    public static OceanState Of(Ocean ocean) => new(ocean.Shots, ocean.Hits, ocean.SunkCells, ocean.AfloatShips, ocean.Occupied);
}

/// <summary>Everything a caller can observe of a <see cref="BattleshipGame"/>, to compare before and after a move.</summary>
internal sealed class GameSnapshot
{
    private GameSnapshot(BattleshipGame game)
    {
        Phase = game.Phase;
        CurrentPlayer = game.CurrentPlayer;
        FirstPlayer = game.FirstPlayer;
        Winner = game.Winner;
        TurnNumber = game.TurnNumber;
        Moves = [.. game.Moves];
        PlacedOne = game.HasPlacedFleet(Player.One);
        PlacedTwo = game.HasPlacedFleet(Player.Two);
        FleetOne = game.FleetOf(Player.One)?.Placements.ToArray();
        FleetTwo = game.FleetOf(Player.Two)?.Placements.ToArray();
        OceanOne = game.OceanOf(Player.One) is { } one ? OceanState.Of(one) : null;
        OceanTwo = game.OceanOf(Player.Two) is { } two ? OceanState.Of(two) : null;
        ViewOfOne = game.ViewOfOpponent(Player.One);
        ViewOfTwo = game.ViewOfOpponent(Player.Two);
    }

    public GamePhase Phase { get; }
    public Player CurrentPlayer { get; }
    public Player FirstPlayer { get; }
    public Player? Winner { get; }
    public int TurnNumber { get; }
    public Move[] Moves { get; }
    public bool PlacedOne { get; }
    public bool PlacedTwo { get; }
    public ShipPlacement[]? FleetOne { get; }
    public ShipPlacement[]? FleetTwo { get; }
    public OceanState? OceanOne { get; }
    public OceanState? OceanTwo { get; }
    public TargetView ViewOfOne { get; }
    public TargetView ViewOfTwo { get; }

    public static GameSnapshot Of(BattleshipGame game) => new(game);

    /// <summary>Asserts that two snapshots agree in every observable field.</summary>
    public static void AssertSame(GameSnapshot expected, GameSnapshot actual)
    {
        Assert.Equal(expected.Phase, actual.Phase);
        Assert.Equal(expected.CurrentPlayer, actual.CurrentPlayer);
        Assert.Equal(expected.FirstPlayer, actual.FirstPlayer);
        Assert.Equal(expected.Winner, actual.Winner);
        Assert.Equal(expected.TurnNumber, actual.TurnNumber);
        Assert.Equal(expected.Moves, actual.Moves);
        Assert.Equal(expected.PlacedOne, actual.PlacedOne);
        Assert.Equal(expected.PlacedTwo, actual.PlacedTwo);
        Assert.Equal(expected.FleetOne, actual.FleetOne);
        Assert.Equal(expected.FleetTwo, actual.FleetTwo);
        Assert.Equal(expected.OceanOne, actual.OceanOne);
        Assert.Equal(expected.OceanTwo, actual.OceanTwo);
        Assert.Equal(expected.ViewOfOne, actual.ViewOfOne);
        Assert.Equal(expected.ViewOfTwo, actual.ViewOfTwo);
    }
}
