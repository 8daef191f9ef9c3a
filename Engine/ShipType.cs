namespace Battleship.Engine;

/// <summary>The kinds of ship. Their lengths come from the fleet of the <see cref="GameRules"/>.</summary>
public enum ShipType
{
    /// <summary>Length 5 in the standard fleet.</summary>
    Carrier,

    /// <summary>Length 4 in the standard fleet.</summary>
    Battleship,

    /// <summary>Length 3 in the standard fleet.</summary>
    Cruiser,

    /// <summary>Length 3 in the standard fleet.</summary>
    Submarine,

    /// <summary>Length 2 in the standard fleet.</summary>
    Destroyer,
}

/// <summary>One ship of a fleet: its type and length.</summary>
/// <param name="Type">The ship's type; a fleet holds each type at most once.</param>
/// <param name="Length">The number of cells it covers.</param>
public readonly record struct ShipSpec(ShipType Type, int Length);

/// <summary>How a ship lies: its cells run right (horizontal) or down (vertical) from its origin.</summary>
public enum Orientation
{
    /// <summary>Cells run along the row, towards higher columns.</summary>
    Horizontal,

    /// <summary>Cells run along the column, towards higher rows.</summary>
    Vertical,
}
