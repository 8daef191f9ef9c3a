using Battleship.Engine;

namespace Battleship.Grains.Models;

/// <summary>Between the engine's ship placements and the contract's <see cref="FleetPlacement"/>.</summary>
public static class FleetPlacements
{
    /// <summary>The placements of <paramref name="layout"/>'s ships, in fleet order, as a player submits them.</summary>
    public static IReadOnlyList<FleetPlacement> ToPlacements(this FleetLayout layout) =>
        [.. layout.Placements.Select(p => new FleetPlacement(p.Ship, p.Row, p.Column, p.Orientation))];

    /// <summary>The engine's placement of the ship <paramref name="placement"/> describes.</summary>
    public static ShipPlacement ToShipPlacement(this FleetPlacement placement) =>
        new(placement.Ship, placement.Row, placement.Column, placement.Orientation);
}
