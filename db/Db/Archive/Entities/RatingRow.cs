namespace Battleship.Db.Archive.Entities;

/// <summary>A row of <c>ratings</c>: the current Glicko-2 rating of one rated participant (a user or an agent).</summary>
public sealed class RatingRow
{
    public Guid Id { get; set; }

    /// <summary>The rated user; exactly one of this and <see cref="AgentId"/> is set.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The rated agent; exactly one of this and <see cref="UserId"/> is set.</summary>
    public Guid? AgentId { get; set; }

    /// <summary>Glicko-2 rating (on the familiar 1500 scale).</summary>
    public double Rating { get; set; }

    /// <summary>Rating deviation (positive).</summary>
    public double Deviation { get; set; }

    /// <summary>Rating volatility (positive).</summary>
    public double Volatility { get; set; }

    public int Games { get; set; }

    public int Wins { get; set; }

    public int Losses { get; set; }

    /// <summary>Current streak: positive for consecutive wins, negative for consecutive losses.</summary>
    public int CurrentStreak { get; set; }

    /// <summary>When the rating last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The rated user, when loaded.</summary>
    public UserRow? User { get; set; }

    /// <summary>The rated agent, when loaded.</summary>
    public AgentRow? Agent { get; set; }
}
