using System.Diagnostics.Metrics;
using Battleship.Grains.Models;

namespace Battleship.Db.Archive;

/// <summary>The archive's metrics, on the database layer's meter (<see cref="MatchLogStore.MeterName"/>).</summary>
public static class ArchiveTelemetry
{
    /// <summary>Histogram <c>battleship.ladder.rating</c> of every rating the archive records, by <see cref="KindLabel"/> (Prometheus <c>battleship_ladder_rating</c>).</summary>
    public const string LadderRatingInstrument = "battleship.ladder.rating";

    /// <summary>Label of <see cref="LadderRatingInstrument"/>: <c>agent</c> or <c>user</c>.</summary>
    public const string KindLabel = "kind";

    private static readonly Meter Meter = new(MatchLogStore.MeterName);

    private static readonly Histogram<double> LadderRating = Meter.CreateHistogram(
        LadderRatingInstrument,
        unit: null,
        description: "Ratings after each rated match, recorded when the archive rates it, by participant kind.",
        tags: null,
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [1000, 1200, 1300, 1400, 1450, 1500, 1550, 1600, 1700, 1800, 2000, 2200],
        }
    );

    internal static void RatingRecorded(ParticipantKind kind, double rating) =>
        LadderRating.Record(rating, new KeyValuePair<string, object?>(KindLabel, kind == ParticipantKind.Agent ? "agent" : "user"));
}
