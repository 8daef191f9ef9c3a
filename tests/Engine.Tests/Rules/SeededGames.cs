namespace Battleship.Engine.Tests.Rules;

/// <summary>Whole games played from one seed: fleets and shot orders all come from sub-streams of it.</summary>
internal static class SeededGames
{
    /// <summary>
    /// Plays a game of <paramref name="rules"/> to the end: the fleets are drawn from streams 0 and 1
    /// of <paramref name="seed"/>, and each player fires at a random permutation of the cells
    /// (streams 2 and 3), skipping nothing, until one wins. <paramref name="afterMove"/> sees the
    /// game after every accepted move.
    /// </summary>
    public static BattleshipGame Play(
        GameRules rules,
        ulong seed,
        Player firstPlayer = Player.One,
        Action<BattleshipGame, ShotResult>? afterMove = null
    )
    {
        var game = Start(rules, seed, firstPlayer);
        var orders = new[] { ShotOrder(rules, seed, 2), ShotOrder(rules, seed, 3) };
        var next = new int[2];
        while (game.Phase == GamePhase.InProgress)
        {
            var shooter = (int)game.CurrentPlayer;
            var result = game.Fire(game.CurrentPlayer, orders[shooter][next[shooter]++]);
            afterMove?.Invoke(game, result);
        }
        return game;
    }

    /// <summary>A game in progress with both fleets drawn from streams 0 and 1 of <paramref name="seed"/>.</summary>
    public static BattleshipGame Start(GameRules rules, ulong seed, Player firstPlayer = Player.One)
    {
        var game = new BattleshipGame(rules, firstPlayer);
        var one = Rng.ForStream(seed, 0);
        var two = Rng.ForStream(seed, 1);
        game.PlaceFleet(Player.One, FleetLayout.Random(rules, ref one));
        game.PlaceFleet(Player.Two, FleetLayout.Random(rules, ref two));
        return game;
    }

    /// <summary>A uniformly random permutation of the board's cells (Fisher–Yates).</summary>
    public static int[] ShotOrder(GameRules rules, ulong seed, ulong stream)
    {
        var rng = Rng.ForStream(seed, stream);
        var cells = Enumerable.Range(0, rules.Cells).ToArray();
        for (var i = cells.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (cells[i], cells[j]) = (cells[j], cells[i]);
        }
        return cells;
    }
}
