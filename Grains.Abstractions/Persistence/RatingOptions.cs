using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Battleship.Grains.Persistence;

/// <summary>
/// How the archive rates finished matches (section <c>Battleship:Ladder</c>, key <c>Tau</c>): read
/// by the archive's implementation of <see cref="IGameArchive"/>, bound and validated by the silo.
/// </summary>
public sealed class RatingOptions
{
    /// <summary>The configuration section (the ladder's).</summary>
    public const string SectionName = "Battleship:Ladder";

    /// <summary>The Glicko-2 system constant τ (default 0.5), which limits how fast volatility changes.</summary>
    [Range(0.2, 1.2)]
    public double Tau { get; set; } = 0.5;
}

/// <summary>Checks <see cref="RatingOptions"/> when the silo starts (source-generated from the attributes).</summary>
[OptionsValidator]
public sealed partial class RatingOptionsValidator : IValidateOptions<RatingOptions>;
