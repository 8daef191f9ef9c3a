using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>Options of matches (section <c>Battleship:Matches</c>).</summary>
public sealed class MatchOptions
{
    public const string SectionName = "Battleship:Matches";

    /// <summary>How long a player has for each shot before forfeiting (default 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many chat lines a view carries (the newest).</summary>
    [Range(0, 1000)]
    public int ChatHistory { get; set; } = 50;
}

/// <summary>Checks <see cref="MatchOptions"/> when the silo starts (source-generated from the attributes).</summary>
[OptionsValidator]
public sealed partial class MatchOptionsValidator : IValidateOptions<MatchOptions>;
