namespace Battleship.Grains;

/// <summary>
/// The clock of the game rules (turn deadlines, timestamps). A separate service rather than the
/// container's <see cref="TimeProvider"/>, so tests can drive it with a fake clock without also
/// faking the time of the Orleans runtime.
/// </summary>
public sealed class GameClock(TimeProvider time)
{
    /// <summary>The time source.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Now, in UTC.</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();
}

/// <summary>Options of matches.</summary>
public sealed class MatchOptions
{
    /// <summary>How long a player has for each shot before forfeiting (default 60 s).</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many chat lines a view carries (the newest).</summary>
    public int ChatHistory { get; set; } = 50;
}

/// <summary>Options of the ladder.</summary>
public sealed class LadderOptions
{
    /// <summary>Whether the ladder schedules agent-vs-agent games on a reminder (off by default).</summary>
    public bool ScheduledGames { get; set; }

    /// <summary>How often a scheduled ladder game starts.</summary>
    public TimeSpan ScheduledGamePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The Glicko-2 system constant τ (default 0.5), which limits how fast volatility changes; the
    /// archive rates every match end with it (<see cref="SqlGameArchive"/>).
    /// </summary>
    public double Tau { get; set; } = Db.Ratings.Glicko2.DefaultTau;
}
