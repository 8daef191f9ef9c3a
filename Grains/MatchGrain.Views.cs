using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.State;

namespace Battleship.Grains;

/// <summary>The per-viewer projections of a match: the only way match state leaves the grain.</summary>
public sealed partial class MatchGrain
{
    private MatchView BuildView(Guid viewerId) => new ViewParts(this).ViewAs(RoleOf(viewerId));

    /// <summary>
    /// How far the match has come: the fleets placed, the moves, the chat lines ever posted, and one
    /// for the completion. Each change that is announced adds at least one, and all of it is stored,
    /// so the version keeps growing across reactivations and failovers (see <see cref="FollowedView.Version"/>).
    /// </summary>
    private long Version => Sides.Count(p => Game.HasPlacedFleet((Player)p)) + S.Moves.Count + S.ChatCount + (S.Completed ? 1 : 0);

    /// <summary>
    /// What the views of one moment share, built once for all viewers: the public parts and each
    /// board without its ships; a board with its ships is built only for a viewer who may see them.
    /// </summary>
    private sealed class ViewParts
    {
        private readonly MatchGrain _match;
        private readonly IReadOnlyList<Participant> _players;
        private readonly RulesSpec _rules;
        private readonly BoardView[] _hidden;
        private readonly BoardView?[] _revealed = new BoardView?[2];
        private readonly ShotView? _lastShot;
        private readonly IReadOnlyList<ChatMessage> _chat;
        private readonly bool _finished;

        public ViewParts(MatchGrain match)
        {
            _match = match;
            var s = match.S;
            _players = [.. s.Players.Select(p => p.ToModel())];
            _rules = s.Rules.ToSpec();
            _hidden = [.. Sides.Select(match.BoardOf)];
            _lastShot = s.Moves.LastOrDefault(m => m.Kind == MoveKind.Shot) is { } last ? match.ToShotView(last) : null;
            _chat = [.. s.Chat.Select(c => new ChatMessage(c.Number, c.From.ToModel(), c.Text, c.At))];
            _finished = s.Status == MatchStatus.Finished;
        }

        /// <summary>The match as a viewer of <paramref name="role"/> may see it: their own ships, every ship after the end.</summary>
        public MatchView ViewAs(ViewerRole role)
        {
            var s = _match.S;
            var game = _match.Game;
            return new MatchView(
                _match.MatchId,
                s.RoomId,
                s.Status,
                role,
                _players,
                _rules,
                game.TurnNumber,
                s.Status == MatchStatus.InProgress ? (int)game.CurrentPlayer : null,
                s.TurnDeadline,
                [.. Sides.Select(p => _finished || (int)role == p ? Revealed(p) : _hidden[p])],
                _lastShot,
                s.Winner,
                s.EndReason,
                _chat
            );
        }

        private BoardView Revealed(int owner) =>
            _revealed[owner] ??= _hidden[owner].FleetPlaced ? _hidden[owner] with { Ships = _match.ShipsOf(owner) } : _hidden[owner];
    }

    /// <summary>Player <paramref name="owner"/>'s board without its ships: the shots it received and its sunk ships.</summary>
    private BoardView BoardOf(int owner)
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
        return new BoardView(owner, Cells(ocean.Shots & ~ocean.Hits), Cells(ocean.Hits), sunk, Ships: null, FleetPlaced: true);
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
