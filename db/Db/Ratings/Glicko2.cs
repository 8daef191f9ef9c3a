namespace Battleship.Db.Ratings;

/// <summary>A Glicko-2 rating on the familiar (Glicko) scale: rating, rating deviation (RD) and volatility σ.</summary>
/// <param name="Rating">The rating r (1500 for a newcomer).</param>
/// <param name="Deviation">The rating deviation RD: one standard deviation of the rating (350 for a newcomer).</param>
/// <param name="Volatility">The volatility σ: how erratic the player's results are (0.06 for a newcomer).</param>
public readonly record struct Glicko2Rating(double Rating, double Deviation, double Volatility)
{
    /// <summary>The rating of someone never rated: 1500, RD 350, σ 0.06.</summary>
    public static Glicko2Rating Initial { get; } = new(Glicko2.DefaultRating, Glicko2.DefaultDeviation, Glicko2.DefaultVolatility);
}

/// <summary>One game of a rating period: the opponent's pre-period rating and the score (1 win, 0.5 draw, 0 loss).</summary>
/// <param name="Opponent">The opponent's rating at the start of the period.</param>
/// <param name="Score">The player's score in the game: 1 for a win, 0.5 for a draw, 0 for a loss.</param>
public readonly record struct Glicko2Game(Glicko2Rating Opponent, double Score);

/// <summary>
/// The Glicko-2 rating system as Mark Glickman specifies it ("Example of the Glicko-2 system",
/// 2013): ratings are moved to the Glicko-2 scale (μ, φ), the estimated variance v and improvement
/// Δ are computed from the period's games, the new volatility σ′ is found with the Illinois
/// (regula falsi) iteration, and the new φ′ and μ′ follow and are moved back. Pure and thread-safe.
/// </summary>
/// <remarks>
/// A rating period with no games leaves rating and volatility alone and widens the deviation to
/// √(φ² + σ²) (see <see cref="RateIdle"/>). Two players of one match are each rated from their
/// pre-match ratings, as the system prescribes for games within one period.
/// </remarks>
public sealed class Glicko2
{
    /// <summary>The factor between the Glicko and the Glicko-2 scales (400 / ln 10).</summary>
    public const double Scale = 173.7178;

    /// <summary>The rating of a newcomer.</summary>
    public const double DefaultRating = 1500;

    /// <summary>The deviation of a newcomer, also the largest deviation a rating may reach by idling.</summary>
    public const double DefaultDeviation = 350;

    /// <summary>The volatility of a newcomer.</summary>
    public const double DefaultVolatility = 0.06;

    /// <summary>The system constant τ that the paper's example uses (reasonable values lie between 0.3 and 1.2).</summary>
    public const double DefaultTau = 0.5;

    /// <summary>The convergence tolerance ε of the volatility iteration.</summary>
    public const double Tolerance = 0.000001;

    private const int MaxIterations = 1_000;

    /// <summary>A calculator with τ = <see cref="DefaultTau"/>.</summary>
    public static Glicko2 Default { get; } = new(DefaultTau);

    /// <summary>Creates a calculator.</summary>
    /// <param name="tau">The system constant τ, which limits how fast the volatility may change (positive).</param>
    public Glicko2(double tau = DefaultTau)
    {
        if (!double.IsFinite(tau) || tau <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "τ must be a positive number.");
        }
        Tau = tau;
    }

    public double Tau { get; }

    /// <summary>g(φ) = 1 / √(1 + 3φ²/π²): how much a game against an opponent of deviation φ counts.</summary>
    public static double G(double phi) => 1 / Math.Sqrt(1 + 3 * phi * phi / (Math.PI * Math.PI));

    /// <summary>E(μ, μⱼ, φⱼ) = 1 / (1 + exp(−g(φⱼ)(μ − μⱼ))): the expected score against an opponent (Glicko-2 scale).</summary>
    public static double E(double mu, double opponentMu, double opponentPhi) => 1 / (1 + Math.Exp(-G(opponentPhi) * (mu - opponentMu)));

    /// <summary>The expected score of <paramref name="player"/> against <paramref name="opponent"/> (between 0 and 1).</summary>
    public static double ExpectedScore(Glicko2Rating player, Glicko2Rating opponent) =>
        E(ToMu(player.Rating), ToMu(opponent.Rating), ToPhi(opponent.Deviation));

    /// <summary>A rating on the Glicko-2 scale: μ = (r − 1500) / 173.7178.</summary>
    public static double ToMu(double rating) => (rating - DefaultRating) / Scale;

    /// <summary>A deviation on the Glicko-2 scale: φ = RD / 173.7178.</summary>
    public static double ToPhi(double deviation) => deviation / Scale;

    /// <summary>The new rating of <paramref name="player"/> after one game against <paramref name="opponent"/>.</summary>
    /// <param name="player">The player's rating at the start of the period.</param>
    /// <param name="opponent">The opponent's rating at the start of the period.</param>
    /// <param name="score">1 for a win, 0.5 for a draw, 0 for a loss.</param>
    public Glicko2Rating Rate(Glicko2Rating player, Glicko2Rating opponent, double score) =>
        Rate(player, [new Glicko2Game(opponent, score)]);

    /// <summary>The new rating of <paramref name="player"/> after a rating period with <paramref name="games"/> (none: see <see cref="RateIdle"/>).</summary>
    public Glicko2Rating Rate(Glicko2Rating player, ReadOnlySpan<Glicko2Game> games)
    {
        Validate(player, nameof(player));
        if (games.IsEmpty)
        {
            return RateIdle(player);
        }

        // Step 2: the Glicko-2 scale.
        var mu = ToMu(player.Rating);
        var phi = ToPhi(player.Deviation);
        var sigma = player.Volatility;

        // Steps 3 and 4: the estimated variance v and the sum behind the improvement Δ.
        var inverseV = 0.0;
        var sum = 0.0;
        foreach (var game in games)
        {
            Validate(game.Opponent, nameof(games));
            if (!(game.Score is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(games), game.Score, "A score lies between 0 and 1.");
            }
            var opponentPhi = ToPhi(game.Opponent.Deviation);
            var g = G(opponentPhi);
            var expected = E(mu, ToMu(game.Opponent.Rating), opponentPhi);
            inverseV += g * g * expected * (1 - expected);
            sum += g * (game.Score - expected);
        }
        var v = 1 / inverseV;
        var delta = v * sum;

        // Step 5: the new volatility.
        var newSigma = NewVolatility(phi, sigma, v, delta);

        // Steps 6 and 7: the new deviation and rating.
        var phiStar = Math.Sqrt(phi * phi + newSigma * newSigma);
        var newPhi = 1 / Math.Sqrt(1 / (phiStar * phiStar) + 1 / v);
        var newMu = mu + newPhi * newPhi * sum;

        // Step 8: back to the Glicko scale.
        return new Glicko2Rating(Scale * newMu + DefaultRating, Scale * newPhi, newSigma);
    }

    /// <summary>
    /// The rating after a period without games: rating and volatility stay, the deviation grows to
    /// √(φ² + σ²), never beyond <paramref name="maxDeviation"/> (a newcomer's 350 by default).
    /// </summary>
    public static Glicko2Rating RateIdle(Glicko2Rating player, double maxDeviation = DefaultDeviation)
    {
        Validate(player, nameof(player));
        var phi = ToPhi(player.Deviation);
        var phiStar = Math.Sqrt(phi * phi + player.Volatility * player.Volatility);
        return player with { Deviation = Math.Min(Scale * phiStar, Math.Max(maxDeviation, player.Deviation)) };
    }

    /// <summary>
    /// Step 5 of the algorithm: σ′ = exp(A/2) where A solves f(x) = 0, found by the Illinois
    /// algorithm (regula falsi that halves the retained end's value when the same end is kept twice).
    /// </summary>
    internal double NewVolatility(double phi, double sigma, double v, double delta)
    {
        var a = Math.Log(sigma * sigma);
        var tauSquared = Tau * Tau;
        var phiSquared = phi * phi;
        var deltaSquared = delta * delta;

        double F(double x)
        {
            var ex = Math.Exp(x);
            var denominator = phiSquared + v + ex;
            return ex * (deltaSquared - phiSquared - v - ex) / (2 * denominator * denominator) - (x - a) / tauSquared;
        }

        // Initial bracket [A, B] with f(A) > 0 > f(B) (or the reverse), as the paper prescribes.
        var lower = a;
        double upper;
        if (deltaSquared > phiSquared + v)
        {
            upper = Math.Log(deltaSquared - phiSquared - v);
        }
        else
        {
            var k = 1;
            while (F(a - k * Tau) < 0 && k < MaxIterations)
            {
                k++;
            }
            upper = a - k * Tau;
        }

        var fLower = F(lower);
        var fUpper = F(upper);
        for (var i = 0; Math.Abs(upper - lower) > Tolerance && i < MaxIterations; i++)
        {
            var c = lower + (lower - upper) * fLower / (fUpper - fLower);
            var fC = F(c);
            if (fC * fUpper <= 0)
            {
                lower = upper;
                fLower = fUpper;
            }
            else
            {
                fLower /= 2;
            }
            upper = c;
            fUpper = fC;
        }
        return Math.Exp(lower / 2);
    }

    private static void Validate(Glicko2Rating rating, string parameter)
    {
        if (!double.IsFinite(rating.Rating) || !(rating.Deviation > 0) || !double.IsFinite(rating.Deviation))
        {
            throw new ArgumentOutOfRangeException(parameter, rating, "A rating needs a finite value and a positive deviation.");
        }
        if (!(rating.Volatility > 0) || !double.IsFinite(rating.Volatility))
        {
            throw new ArgumentOutOfRangeException(parameter, rating, "A rating needs a positive volatility.");
        }
    }
}
