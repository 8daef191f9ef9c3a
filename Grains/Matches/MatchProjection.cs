using Battleship.Engine;
using Battleship.Grains.Models;
using Battleship.Grains.State;

namespace Battleship.Grains.Matches;

/// <summary>
/// The per-viewer projections of a match: the only way match state leaves the match grain. A
/// player sees their own ships and what they found of the opponent's; a spectator sees no ship
/// until the end; once the match is over everyone sees every ship.
/// </summary>
internal static class MatchProjection
{
    private static readonly int[] Sides = [0, 1];

    /// <summary>The match as <paramref name="viewerId"/> may see it.</summary>
    public static MatchView ViewFor(this MatchRules match, Guid viewerId) => new ViewParts(match).ViewAs(match.RoleOf(viewerId));

    /// <summary>Every kind of viewer's view now (the parts they share built once).</summary>
    public static MatchViews AllViews(this MatchRules match)
    {
        var parts = new ViewParts(match);
        return new MatchViews(parts.ViewAs(ViewerRole.PlayerOne), parts.ViewAs(ViewerRole.PlayerTwo), parts.ViewAs(ViewerRole.Spectator));
    }

    /// <summary>The record of the match, with the fleets of the seats <paramref name="mayRevealFleet"/> allows.</summary>
    public static MatchReplay Replay(this MatchRules match, Func<int, bool> mayRevealFleet)
    {
        var s = match.State;
        var game = match.Game;
        return new(
            match.MatchId,
            [.. s.Players.Select(p => p.ToModel())],
            s.Rules.ToSpec(),
            s.FirstPlayer,
            [.. Sides.Select(p => mayRevealFleet(p) && game.HasPlacedFleet((Player)p) ? (IReadOnlyList<ShipView>?)ShipsOf(game, p) : null)],
            [.. s.Moves.Select(m => new ReplayMove(m.Number, m.Player, m.Kind, m.Kind == MoveKind.Shot ? ShotView(match, m) : null, m.At))],
            s.Status,
            s.Winner,
            s.EndReason,
            s.RoomId
        );
    }

    /// <summary>The record of the match as <paramref name="viewerId"/> may see it: their own fleet, every fleet after the end.</summary>
    public static MatchReplay ReplayFor(this MatchRules match, Guid viewerId)
    {
        var role = match.RoleOf(viewerId);
        return match.Replay(p => match.State.Status == MatchStatus.Finished || (int)role == p);
    }

    /// <summary>A shot as everyone may see it: a sunk ship's cells, no other ship cell.</summary>
    public static ShotView ShotView(this MatchRules match, MoveState move)
    {
        IReadOnlyList<int>? sunkCells = null;
        if (move.SunkShip is { } ship)
        {
            var fleet = match.Game.FleetOf((Player)(1 - move.Player))!;
            sunkCells = Cells(fleet.ShipMask(match.Game.Rules.FleetIndexOf(ship)));
        }
        return new ShotView(move.Number, move.Player, move.Cell, move.Outcome, move.SunkShip, sunkCells);
    }

    /// <summary>The answer to <paramref name="shot"/>, just accepted.</summary>
    public static FireResult Accepted(this MatchRules match, MoveState shot) =>
        new(match.ShotView(shot), match.Game.TurnNumber, match.PlayerToMove, match.State.Status, Duplicate: false);

    /// <summary>The answer to a retried <paramref name="shot"/>: the first answer, marked as a duplicate.</summary>
    public static FireResult Repeated(this MatchRules match, MoveState shot)
    {
        var next = match.NextAfter(shot);
        return new FireResult(
            match.ShotView(shot),
            shot.Number,
            next,
            next is null ? MatchStatus.Finished : MatchStatus.InProgress,
            Duplicate: true
        );
    }

    /// <summary>The announcement of <paramref name="shot"/>, just accepted.</summary>
    public static ShotFiredEvent ShotFired(this MatchRules match, MoveState shot) =>
        new(match.MatchId, match.Game.TurnNumber, match.ShotView(shot), match.PlayerToMove, match.State.TurnDeadline);

    /// <summary>The announcement of the end, with both fleets (for a finished match only: it reveals every ship).</summary>
    public static MatchEndedEvent Ended(this MatchRules match)
    {
        var s = match.State;
        if (s.Status != MatchStatus.Finished)
        {
            throw new InvalidOperationException("Only a finished match reveals its fleets.");
        }
        var fleets = Sides.Select(p => (IReadOnlyList<ShipView>)ShipsOf(match.Game, p)).ToList();
        return new MatchEndedEvent(match.MatchId, match.Game.TurnNumber, s.Winner!.Value, s.EndReason!.Value, fleets);
    }

    /// <summary>
    /// What the views of one moment share, built once for all viewers: the public parts and each
    /// board without its ships; a board with its ships is built only for a viewer who may see them.
    /// </summary>
    private sealed class ViewParts
    {
        private readonly MatchRules _match;
        private readonly IReadOnlyList<Participant> _players;
        private readonly RulesSpec _rules;
        private readonly BoardView[] _hidden;
        private readonly BoardView?[] _revealed = new BoardView?[2];
        private readonly ShotView? _lastShot;
        private readonly IReadOnlyList<ChatMessage> _chat;
        private readonly bool _finished;

        public ViewParts(MatchRules match)
        {
            _match = match;
            var s = match.State;
            _players = [.. s.Players.Select(p => p.ToModel())];
            _rules = s.Rules.ToSpec();
            _hidden = [.. Sides.Select(p => BoardOf(match.Game, p))];
            _lastShot = s.Moves.LastOrDefault(m => m.Kind == MoveKind.Shot) is { } last ? match.ShotView(last) : null;
            _chat = [.. s.Chat.Select(c => new ChatMessage(c.Number, c.From.ToModel(), c.Text, c.At))];
            _finished = s.Status == MatchStatus.Finished;
        }

        /// <summary>The match as a viewer of <paramref name="role"/> may see it: their own ships, every ship after the end.</summary>
        public MatchView ViewAs(ViewerRole role)
        {
            var s = _match.State;
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
                _chat,
                _match.TurnSeconds,
                s.FirstPlayer
            );
        }

        private BoardView Revealed(int owner) =>
            _revealed[owner] ??= _hidden[owner].FleetPlaced ? _hidden[owner] with { Ships = ShipsOf(_match.Game, owner) } : _hidden[owner];
    }

    /// <summary>Player <paramref name="owner"/>'s board without its ships: the shots it received and its sunk ships.</summary>
    private static BoardView BoardOf(BattleshipGame game, int owner)
    {
        var ocean = game.OceanOf((Player)owner);
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
    private static List<ShipView> ShipsOf(BattleshipGame game, int owner)
    {
        var fleet = game.FleetOf((Player)owner);
        return fleet is null ? [] : [.. fleet.Placements.Select((p, i) => new ShipView(p.Ship, Cells(fleet.ShipMask(i))))];
    }

    private static int[] Cells(UInt128 cells)
    {
        var result = new int[Bitboard.Count(cells)];
        Bitboard.CopyCells(cells, result);
        return result;
    }
}
