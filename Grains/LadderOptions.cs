using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Battleship.Grains;

/// <summary>Options of the ladder (section <c>Battleship:Ladder</c>).</summary>
public sealed class LadderOptions
{
    public const string SectionName = "Battleship:Ladder";

    /// <summary>Whether the ladder schedules agent-vs-agent games on a reminder (off by default).</summary>
    public bool ScheduledGames { get; set; }

    /// <summary>How often a scheduled ladder game starts.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan ScheduledGamePeriod { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Checks <see cref="LadderOptions"/> when the silo starts (source-generated from the attributes).</summary>
[OptionsValidator]
public sealed partial class LadderOptionsValidator : IValidateOptions<LadderOptions>;
