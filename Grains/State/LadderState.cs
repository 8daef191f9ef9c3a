using Battleship.Grains.Models;

namespace Battleship.Grains.State;

/// <summary>The persisted ladder: every rating, the match ids already rated and the answers to the latest ones.</summary>
[GenerateSerializer, Alias("battleship.state.ladder")]
public sealed class LadderState
{
    /// <summary>Ratings by <see cref="RatingRecord.KeyOf(ParticipantKind, Guid)"/>.</summary>
    [Id(0)]
    public Dictionary<string, RatingRecord> Ratings { get; set; } = [];

    /// <summary>The ids of the matches already rated, oldest first (bounded by <c>LadderOptions.RememberedMatches</c>).</summary>
    [Id(1)]
    public List<Guid> RecordedMatches { get; set; } = [];

    /// <summary>What the latest recorded matches changed, oldest first, so that a retried call gets the same answer.</summary>
    [Id(2)]
    public List<RecordedResult> RecentResults { get; set; } = [];
}

/// <summary>One participant's Glicko-2 rating and record.</summary>
[GenerateSerializer, Alias("battleship.state.rating")]
public sealed class RatingRecord
{
    /// <summary>User or agent.</summary>
    [Id(0)]
    public ParticipantKind Kind { get; set; }

    /// <summary>The user or agent id.</summary>
    [Id(1)]
    public Guid Id { get; set; }

    /// <summary>The name the participant had in its latest rated match.</summary>
    [Id(2)]
    public string DisplayName { get; set; } = "";

    /// <summary>The rating r.</summary>
    [Id(3)]
    public double Rating { get; set; }

    /// <summary>The rating deviation RD.</summary>
    [Id(4)]
    public double Deviation { get; set; }

    /// <summary>The volatility σ.</summary>
    [Id(5)]
    public double Volatility { get; set; }

    /// <summary>Rated matches played.</summary>
    [Id(6)]
    public int Games { get; set; }

    /// <summary>Rated matches won.</summary>
    [Id(7)]
    public int Wins { get; set; }

    /// <summary>Rated matches lost.</summary>
    [Id(8)]
    public int Losses { get; set; }

    /// <summary>Consecutive wins (positive) or losses (negative) up to the latest match.</summary>
    [Id(9)]
    public int Streak { get; set; }

    /// <summary>When the rating last changed.</summary>
    [Id(10)]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The dictionary key of a participant: kind and id.</summary>
    public static string KeyOf(ParticipantKind kind, Guid id) => $"{kind}:{id:N}";
}

/// <summary>The ratings before and after one recorded match, for both sides.</summary>
[GenerateSerializer, Alias("battleship.state.recorded-result")]
public sealed class RecordedResult
{
    /// <summary>The match.</summary>
    [Id(0)]
    public Guid MatchId { get; set; }

    /// <summary>The winner before the match.</summary>
    [Id(1)]
    public RatingRecord WinnerBefore { get; set; } = new();

    /// <summary>The winner after the match.</summary>
    [Id(2)]
    public RatingRecord WinnerAfter { get; set; } = new();

    /// <summary>The loser before the match.</summary>
    [Id(3)]
    public RatingRecord LoserBefore { get; set; } = new();

    /// <summary>The loser after the match.</summary>
    [Id(4)]
    public RatingRecord LoserAfter { get; set; } = new();
}
