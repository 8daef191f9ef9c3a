using Battleship.Engine;

namespace Battleship.Telemetry.Tests;

/// <summary>A game played the same way every time: seeded random fleets, then both sides fire in cell order, with one refused shot.</summary>
internal static class ScriptedGame
{
    public const ulong SeedOne = 11;
    public const ulong SeedTwo = 22;

    /// <summary>Plays a whole game to a win and returns it; <paramref name="refused"/> is the number of refused shots (1).</summary>
    public static BattleshipGame Play(string gameId, out int refused)
    {
        var rules = GameRules.Standard;
        var game = new BattleshipGame(rules, Player.One, gameId);
        game.PlaceRandomFleet(Player.One, SeedOne);
        game.PlaceRandomFleet(Player.Two, SeedTwo);
        refused = 0;
        if (game.TryFire(Player.Two, 0, out _) != MoveError.None)
        {
            refused++; // not Player Two's turn
        }
        var next = new int[2];
        while (game.Phase == GamePhase.InProgress)
        {
            var player = game.CurrentPlayer;
            game.TryFire(player, next[(int)player]++, out _);
        }
        return game;
    }
}
