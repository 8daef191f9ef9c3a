using CsCheck;

namespace Battleship.Engine.Tests.Rules;

/// <summary>
/// Property-based tests: many generated games and move sequences, checked against invariants and
/// against small models written here. Cases come from CsCheck generators driven by a fixed PCG
/// seed (see <see cref="Property"/>), so every run and CI sees the same cases.
/// </summary>
public sealed class GamePropertyTests
{
    private static readonly GameRules[] Variants =
    [
        GameRules.Standard,
        TestBoards.HitKeepsTurn,
        TestBoards.NoTouching,
        new(10, 10, GameRules.StandardFleet, shipsMayTouch: false, hitKeepsTurn: true),
    ];

    /// <summary>One of <see cref="Variants"/>, each as likely as the others.</summary>
    private static readonly Gen<GameRules> AnyVariant = Gen.Int[0, Variants.Length - 1].Select(i => Variants[i]);

    [Fact]
    public void RandomGames_NeverBreakTheInvariants()
    {
        // Arrange
        var gen = Gen.Select(Gen.ULong, AnyVariant, Gen.Bool);

        // Act and Assert
        Property.ForAll(
            gen,
            seed: 1,
            iterations: 300,
            (seed, rules, twoStarts) =>
            {
                Move? previous = null;
                var game = SeededGames.Play(
                    rules,
                    seed,
                    twoStarts ? Player.Two : Player.One,
                    (g, result) =>
                    {
                        AssertInvariants(g);
                        var move = g.Moves[^1];
                        Assert.Equal(result.Outcome, move.Outcome);
                        if (previous is { } p)
                        {
                            var keeps = rules.HitKeepsTurn && p.Outcome != ShotOutcome.Miss;
                            Assert.Equal(keeps ? p.Player : p.Player.Opponent(), move.Player);
                        }
                        else
                        {
                            Assert.Equal(g.FirstPlayer, move.Player);
                        }
                        previous = move;
                    }
                );
                Assert.Equal(GamePhase.Finished, game.Phase);
                Assert.Equal(ShotOutcome.Win, game.Moves[^1].Outcome);
                Assert.Equal(game.Moves[^1].Player, game.Winner);
            }
        );
    }

    /// <summary>The invariants that hold after every move of every game.</summary>
    private static void AssertInvariants(BattleshipGame game)
    {
        var rules = game.Rules;
        Assert.Equal(game.Moves.Count, game.TurnNumber);
        Assert.Equal(game.TurnNumber, game.Moves[^1].Number);

        var fullyHit = 0;
        foreach (var owner in new[] { Player.One, Player.Two })
        {
            var ocean = game.OceanOf(owner)!;
            var shooter = owner.Opponent();
            Assert.Equal(UInt128.Zero, ocean.Hits & ~ocean.Shots); // hits ⊆ shots
            Assert.Equal(UInt128.Zero, ocean.SunkCells & ~ocean.Hits); // sunk ⊆ hits
            Assert.Equal(ocean.Shots & ocean.Occupied, ocean.Hits); // a shot hits exactly when it lands on a ship
            Assert.InRange(Bitboard.Count(ocean.Hits), 0, rules.FleetCells); // ≤ 17

            var sunkShips = 0;
            var sunkCells = UInt128.Zero;
            for (var i = 0; i < rules.Fleet.Length; i++)
            {
                var ship = ocean.ShipMask(i);
                var sunk = (ship & ~ocean.Hits) == UInt128.Zero;
                Assert.Equal(!sunk, (ocean.AfloatShips & (1u << i)) != 0);
                if (sunk)
                {
                    sunkShips++;
                    sunkCells |= ship;
                }
            }
            Assert.Equal(rules.Fleet.Length - (int)uint.PopCount(ocean.AfloatShips), sunkShips);
            Assert.Equal(sunkCells, ocean.SunkCells);

            var shotsByShooter = game.Moves.Count(m => m.Player == shooter && m.Kind == MoveKind.Shot);
            Assert.Equal(shotsByShooter, Bitboard.Count(ocean.Shots));
            Assert.Equal(ocean.View, game.ViewOfOpponent(shooter));

            if (Bitboard.Count(ocean.Hits) == rules.FleetCells)
            {
                fullyHit++;
                Assert.True(ocean.AllSunk);
                Assert.Equal(shooter, game.Winner);
            }
        }

        // The game ends exactly when one fleet has all its cells hit.
        Assert.InRange(fullyHit, 0, 1);
        Assert.Equal(fullyHit == 1, game.Phase == GamePhase.Finished);
        Assert.Equal(fullyHit == 1, game.Winner is not null);
    }

    [Fact]
    public void RandomMoveAttempts_AreAcceptedOrRefusedExactlyAsAModelPredicts()
    {
        // Arrange: a sequence of attempts, mostly by the player to move and mostly at a cell
        // that player has not fired at yet (so games do end), otherwise by either player at any
        // cell, some off the board; now and then a resignation. A small model predicts each answer.
        var attempt = Gen.Select(
            Gen.Int[0, 9], // 0-7: the player to move; 8: Player One; 9: Player Two
            Gen.Int[0, 9], // 0-7: a fresh cell; 8-9: the raw cell below
            Gen.Int[-3, 103],
            Gen.Int[0, 399] // 0: resign
        );
        var gen = Gen.Select(Gen.ULong, AnyVariant, attempt.Array[100, 500]);
        var seen = new Dictionary<MoveError, int>();
        var wins = 0;

        // Act and Assert
        Property.ForAll(
            gen,
            seed: 2,
            iterations: 200,
            (seed, rules, attempts) =>
            {
                var game = SeededGames.Start(rules, seed);
                var model = new GameModel(game);
                foreach (var (who, kind, raw, roll) in attempts)
                {
                    var player = who switch
                    {
                        8 => Player.One,
                        9 => Player.Two,
                        _ => game.CurrentPlayer,
                    };
                    var cell = kind < 8 ? model.FreshCell(player, raw) : raw;
                    var before = GameSnapshot.Of(game);
                    if (roll == 0)
                    {
                        var expectedResign = model.Resign(player);
                        var e = Record.Exception(() => game.Resign(player));
                        Assert.Equal(expectedResign, (e as InvalidMoveException)?.Error ?? MoveError.None);
                        continue;
                    }

                    var expected = model.Fire(player, cell, out var expectedResult);
                    var error = game.TryFire(player, cell, out var result);

                    Assert.Equal(expected, error);
                    seen[error] = seen.GetValueOrDefault(error) + 1;
                    wins += result.Outcome == ShotOutcome.Win ? 1 : 0;
                    if (error == MoveError.None)
                    {
                        Assert.Equal(expectedResult, result);
                    }
                    else
                    {
                        GameSnapshot.AssertSame(before, GameSnapshot.Of(game));
                    }
                    Assert.Equal(model.Phase, game.Phase);
                    Assert.Equal(model.Current, game.CurrentPlayer);
                    Assert.Equal(model.Winner, game.Winner);
                    Assert.Equal(model.Moves, game.TurnNumber);
                }
            }
        );

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"wins {wins}; " + string.Join(", ", seen.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"))
        );

        // Every answer was exercised, and some games were won rather than resigned.
        foreach (var error in Enum.GetValues<MoveError>().Where(e => e < MoveError.FleetsNotPlaced))
        {
            Assert.True(seen.GetValueOrDefault(error) >= 20, $"{error}: {seen.GetValueOrDefault(error)}");
        }
        Assert.True(wins >= 20, $"wins: {wins}");
    }

    /// <summary>A plain model of the game rules, written without the engine's bit tricks.</summary>
    private sealed class GameModel
    {
        private readonly GameRules _rules;
        private readonly HashSet<int>[] _shots =
        [
            [],
            [],
        ];
        private readonly int[][][] _ships; // [owner][ship] = cells

        public GameModel(BattleshipGame game)
        {
            _rules = game.Rules;
            _ships =
            [
                [.. game.FleetOf(Player.One)!.Placements.Select(CellsOf)],
                [.. game.FleetOf(Player.Two)!.Placements.Select(CellsOf)],
            ];
            Current = game.FirstPlayer;
        }

        public GamePhase Phase { get; private set; } = GamePhase.InProgress;
        public Player Current { get; private set; }
        public Player? Winner { get; private set; }
        public int Moves { get; private set; }

        /// <summary>A cell <paramref name="player"/> has not fired at, chosen by <paramref name="pick"/>, or -1 when none is left.</summary>
        public int FreshCell(Player player, int pick)
        {
            var shots = _shots[(int)player.Opponent()];
            var fresh = Enumerable.Range(0, _rules.Cells).Where(c => !shots.Contains(c)).ToArray();
            return fresh.Length == 0 ? -1 : fresh[(pick + 3) % fresh.Length];
        }

        public MoveError Resign(Player player)
        {
            if (Phase == GamePhase.Finished)
            {
                return MoveError.GameOver;
            }
            Phase = GamePhase.Finished;
            Winner = player.Opponent();
            Moves++;
            return MoveError.None;
        }

        public MoveError Fire(Player player, int cell, out ShotResult result)
        {
            result = default;
            if (Phase == GamePhase.Finished)
            {
                return MoveError.GameOver;
            }
            if (player != Current)
            {
                return MoveError.NotYourTurn;
            }
            if (cell < 0 || cell >= _rules.Rows * _rules.Columns)
            {
                return MoveError.OutOfBounds;
            }
            var target = (int)player.Opponent();
            if (!_shots[target].Add(cell))
            {
                return MoveError.AlreadyFired;
            }
            Moves++;
            var ships = _ships[target];
            var index = Array.FindIndex(ships, s => s.Contains(cell));
            if (index < 0)
            {
                result = new ShotResult(cell, ShotOutcome.Miss, null, UInt128.Zero);
                Current = player.Opponent();
                return MoveError.None;
            }
            if (!ships[index].All(_shots[target].Contains))
            {
                result = new ShotResult(cell, ShotOutcome.Hit, null, UInt128.Zero);
            }
            else
            {
                var won = ships.All(s => s.All(_shots[target].Contains));
                result = new ShotResult(
                    cell,
                    won ? ShotOutcome.Win : ShotOutcome.Sunk,
                    _rules.Fleet[index].Type,
                    TestBoards.Mask(ships[index])
                );
                if (won)
                {
                    Phase = GamePhase.Finished;
                    Winner = player;
                    return MoveError.None;
                }
            }
            if (!_rules.HitKeepsTurn)
            {
                Current = player.Opponent();
            }
            return MoveError.None;
        }

        private int[] CellsOf(ShipPlacement p)
        {
            var length = _rules.Fleet.Single(s => s.Type == p.Ship).Length;
            return
            [
                .. Enumerable
                    .Range(0, length)
                    .Select(k =>
                        p.Orientation == Orientation.Horizontal
                            ? p.Row * _rules.Columns + p.Column + k
                            : (p.Row + k) * _rules.Columns + p.Column
                    ),
            ];
        }
    }

    [Fact]
    public void RandomPlacements_AreValidatedExactlyAsAModelPredicts()
    {
        // Arrange: a placement for every ship, mostly on the board, sometimes anywhere near it;
        // then now and then a ship dropped, repeated or foreign; then the order shuffled.
        var coordinate = Gen.Frequency((9, (IGen<int>)Gen.Int[0, 9]), (1, (IGen<int>)Gen.Int[-2, 11]));
        var placement = Gen.Select(coordinate, coordinate, Gen.Bool);
        var gen = Gen.Select(Gen.Bool, placement.Array[5], Gen.Int[0, 9], Gen.Int[0, 4], Gen.Int.Array[6]);
        var outcomes = new Dictionary<string, int>();

        // Act and Assert
        Property.ForAll(
            gen,
            seed: 3,
            iterations: 5000,
            c =>
            {
                var (noTouching, raw, mutation, which, keys) = c;
                var rules = noTouching ? TestBoards.NoTouching : GameRules.Standard;
                var placements = raw.Select(
                        (p, i) =>
                            new ShipPlacement(
                                rules.Fleet[i].Type,
                                p.Item1,
                                p.Item2,
                                p.Item3 ? Orientation.Horizontal : Orientation.Vertical
                            )
                    )
                    .ToList();
                switch (mutation)
                {
                    case 0:
                        placements.RemoveAt(which);
                        break;
                    case 1:
                        placements.Add(placements[which]);
                        break;
                    case 2:
                        placements.Add(placements[which] with { Ship = (ShipType)7 });
                        break;
                }
                var ordered = placements.Select((p, i) => (p, keys[i])).OrderBy(t => t.Item2).Select(t => t.p).ToArray();

                var expected = PlacementModel(rules, ordered);
                var ok = FleetLayout.TryCreate(rules, ordered, out var layout, out var problem);

                Assert.Equal(expected is null, ok);
                if (expected is { } e)
                {
                    Assert.Equal(e.Error, problem!.Error);
                    Assert.Equal(e.Ship, problem.Ship);
                }
                else
                {
                    Assert.Equal(raw.Length, layout!.Placements.Length);
                }
                var key = expected?.Error.ToString() ?? "Valid";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
        );

        TestContext.Current.TestOutputHelper?.WriteLine(
            string.Join(", ", outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"))
        );

        // Every outcome was reached often enough to mean something.
        foreach (var key in new[] { "Valid", "OutOfBounds", "Overlap", "WrongFleet", "Adjacent" })
        {
            Assert.True(outcomes.GetValueOrDefault(key) >= 50, $"{key}: {outcomes.GetValueOrDefault(key)}");
        }
    }

    /// <summary>
    /// The documented validation, written plainly: first the fleet (unknown or repeated ship in
    /// input order, then a missing one in fleet order), then bounds (fleet order), then for each
    /// ship in fleet order overlap with an earlier ship, then (no-touching rules) contact with one.
    /// </summary>
    private static (PlacementError Error, ShipType Ship)? PlacementModel(GameRules rules, ShipPlacement[] placements)
    {
        var fleet = rules.Fleet.Select(s => s.Type).ToList();
        var seen = new HashSet<ShipType>();
        foreach (var p in placements)
        {
            if (!fleet.Contains(p.Ship) || !seen.Add(p.Ship))
            {
                return (PlacementError.WrongFleet, p.Ship);
            }
        }
        var missing = fleet.FirstOrDefault(t => !seen.Contains(t), (ShipType)(-1));
        if (missing != (ShipType)(-1))
        {
            return (PlacementError.WrongFleet, missing);
        }

        var cells = new List<(int Row, int Column)[]>();
        foreach (var spec in rules.Fleet)
        {
            var p = placements.Single(q => q.Ship == spec.Type);
            var ship = Enumerable
                .Range(0, spec.Length)
                .Select(k => p.Orientation == Orientation.Horizontal ? (p.Row, p.Column + k) : (p.Row + k, p.Column))
                .ToArray();
            if (ship.Any(c => c.Item1 < 0 || c.Item1 >= rules.Rows || c.Item2 < 0 || c.Item2 >= rules.Columns))
            {
                return (PlacementError.OutOfBounds, spec.Type);
            }
            cells.Add(ship);
        }
        for (var i = 0; i < cells.Count; i++)
        {
            if (Enumerable.Range(0, i).Any(j => cells[j].Intersect(cells[i]).Any()))
            {
                return (PlacementError.Overlap, rules.Fleet[i].Type);
            }
            var touches = Enumerable
                .Range(0, i)
                .Any(j => cells[j].Any(a => cells[i].Any(b => Math.Abs(a.Row - b.Row) <= 1 && Math.Abs(a.Column - b.Column) <= 1)));
            if (!rules.ShipsMayTouch && touches)
            {
                return (PlacementError.Adjacent, rules.Fleet[i].Type);
            }
        }
        return null;
    }
}
