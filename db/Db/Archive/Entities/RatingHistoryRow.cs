namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>rating_history</c>: one change of a rating, with the match that caused it.</summary>
public sealed class RatingHistoryRow
{
    public long Id { get; set; }

    public Guid RatingId { get; set; }

    /// <summary>The match that changed it, while that match is kept.</summary>
    public Guid? MatchId { get; set; }

    public double RatingBefore { get; set; }

    public double DeviationBefore { get; set; }

    public double VolatilityBefore { get; set; }

    public double RatingAfter { get; set; }

    public double DeviationAfter { get; set; }

    public double VolatilityAfter { get; set; }

    /// <summary>When the change was recorded (the match's end).</summary>
    public DateTimeOffset At { get; set; }
}
