namespace Battleship.Grains;

/// <summary>Options of matches.</summary>
public sealed class MatchOptions
{
    /// <summary>How long a player has for each shot before forfeiting (default 60 s).</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many chat lines a view carries (the newest).</summary>
    public int ChatHistory { get; set; } = 50;
}
