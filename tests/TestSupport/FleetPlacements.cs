using Battleship.Engine;
using Battleship.Grains.Models;

namespace Battleship.TestSupport;

/// <summary>Known fleets in the form a player places them.</summary>
public static class FleetPlacements
{
    /// <summary>The placements of <paramref name="layout"/>'s ships, as a player sends them to a match.</summary>
    public static IReadOnlyList<FleetPlacement> ToPlacements(this FleetLayout layout) =>
        [.. layout.Placements.Select(p => new FleetPlacement(p.Ship, p.Row, p.Column, p.Orientation))];
}
