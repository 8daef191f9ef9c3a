using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.State;

namespace Battleship.Grains;

/// <summary>The per-viewer projections of a match: the only way match state leaves the grain.</summary>
public sealed partial class MatchGrain
{
    private MatchView BuildView(Guid viewerId)
    {
        var role = RoleOf(viewerId);
        var finished = S.Status == MatchStatus.Finished;
        var boards = Sides.Select(p => BoardOf(p, reveal: finished || (int)role == p)).ToList();
        var lastShot = S.Moves.LastOrDefault(m => m.Kind == MoveKind.Shot);
        return new MatchView(
            MatchId,
            S.RoomId,
            S.Status,
            role,
            [.. S.Players.Select(p => p.ToModel())],
            S.Rules.ToSpec(),
            Game.TurnNumber,
            S.Status == MatchStatus.InProgress ? (int)Game.CurrentPlayer : null,
            S.TurnDeadline,
            boards,
            lastShot is null ? null : ToShotView(lastShot),
            S.Winner,
            S.EndReason,
            [.. S.Chat.Select(c => new ChatMessage(c.Number, c.From.ToModel(), c.Text, c.At))]
        );
    }

    /// <summary>Player <paramref name="owner"/>'s board: shots received and sunk ships always; its ships only when revealed.</summary>
    private BoardView BoardOf(int owner, bool reveal)
    {
        var ocean = Game.OceanOf((Player)owner);
        if (ocean is null)
        {
            return new BoardView(owner, [], [], [], null, FleetPlaced: false);
        }
        var sunk = new List<ShipView>();
        for (var i = 0; i < ocean.Rules.Fleet.Length; i++)
        {
            if ((ocean.AfloatShips & (1u << i)) == 0)
            {
                sunk.Add(new ShipView(ocean.Rules.Fleet[i].Type, Cells(ocean.ShipMask(i))));
            }
        }
        return new BoardView(
            owner,
            Cells(ocean.Shots & ~ocean.Hits),
            Cells(ocean.Hits),
            sunk,
            reveal ? ShipsOf(owner) : null,
            FleetPlaced: true
        );
    }

    /// <summary>Every ship of player <paramref name="owner"/> (hidden information: callers decide who may see it).</summary>
    private List<ShipView> ShipsOf(int owner)
    {
        var fleet = Game.FleetOf((Player)owner);
        return fleet is null ? [] : [.. fleet.Placements.Select((p, i) => new ShipView(p.Ship, Cells(fleet.ShipMask(i))))];
    }

    private MatchReplay BuildReplay(Func<int, bool> mayRevealFleet) =>
        new(
            MatchId,
            [.. S.Players.Select(p => p.ToModel())],
            S.Rules.ToSpec(),
            S.FirstPlayer,
            [.. Sides.Select(p => mayRevealFleet(p) && Game.HasPlacedFleet((Player)p) ? (IReadOnlyList<ShipView>?)ShipsOf(p) : null)],
            [.. S.Moves.Select(m => new ReplayMove(m.Number, m.Player, m.Kind, m.Kind == MoveKind.Shot ? ToShotView(m) : null, m.At))],
            S.Status,
            S.Winner,
            S.EndReason,
            S.RoomId
        );

    private ShotView ToShotView(MoveState move)
    {
        IReadOnlyList<int>? sunkCells = null;
        if (move.SunkShip is { } ship)
        {
            var fleet = Game.FleetOf((Player)(1 - move.Player))!;
            sunkCells = Cells(fleet.ShipMask(Game.Rules.FleetIndexOf(ship)));
        }
        return new ShotView(move.Number, move.Player, move.Cell, move.Outcome, move.SunkShip, sunkCells);
    }

    private static int[] Cells(UInt128 cells)
    {
        var result = new int[Bitboard.Count(cells)];
        Bitboard.CopyCells(cells, result);
        return result;
    }
}
