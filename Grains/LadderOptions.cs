namespace Battleship.Grains;

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
