using Battleship.Db.Archive;
using Battleship.Db.Ratings;

namespace Battleship.Gateway.Apis;

/// <summary>A participant's rating on the ladder.</summary>
/// <param name="Rating">Glicko-2 rating (1500 to start).</param>
/// <param name="Deviation">Rating deviation (350 to start).</param>
/// <param name="Games">Rated games.</param>
/// <param name="Wins">Wins.</param>
/// <param name="Losses">Losses.</param>
/// <param name="CurrentStreak">Positive: wins in a row; negative: losses in a row.</param>
internal sealed record RatingSummary(double Rating, double Deviation, int Games, int Wins, int Losses, int CurrentStreak)
{
    /// <summary>The archive's rating row, or a newcomer's rating (no rated match yet) when there is none.</summary>
    public static RatingSummary From(RatingRecord? rating) =>
        rating is null
            ? new(Glicko2Rating.Initial.Rating, Glicko2Rating.Initial.Deviation, 0, 0, 0, 0)
            : new(rating.Rating.Rating, rating.Rating.Deviation, rating.Games, rating.Wins, rating.Losses, rating.CurrentStreak);

    /// <summary><paramref name="participant"/>'s rating, read from the archive (see <see cref="From"/>).</summary>
    public static async Task<RatingSummary> OfAsync(RatingStore ratings, ParticipantRef participant, CancellationToken cancellationToken) =>
        From(await ratings.GetRatingAsync(participant, cancellationToken));
}
