using Battleship.Db.Ratings;
using CsCheck;

namespace Battleship.Db.Tests.Ratings;

public class Glicko2Tests
{
    /// <summary>The worked example of Glickman's "Example of the Glicko-2 system" (2013).</summary>
    private static readonly Glicko2Rating PaperPlayer = new(1500, 200, 0.06);

    private static readonly Glicko2Game[] PaperGames =
    [
        new(new Glicko2Rating(1400, 30, 0.06), 1),
        new(new Glicko2Rating(1550, 100, 0.06), 0),
        new(new Glicko2Rating(1700, 300, 0.06), 0),
    ];

    private static readonly Gen<Glicko2Rating> Ratings = Gen.Select(Gen.Double[800, 2500], Gen.Double[30, 350], Gen.Double[0.03, 0.1])
        .Select((r, rd, sigma) => new Glicko2Rating(r, rd, sigma));

    [Fact]
    public void Rate_PaperExample_GivesThePapersDeviationAndVolatility()
    {
        var rated = Glicko2.Default.Rate(PaperPlayer, PaperGames);

        Assert.Equal(151.52, Math.Round(rated.Deviation, 2));
        Assert.Equal(0.05999, Math.Round(rated.Volatility, 5, MidpointRounding.ToZero)); // the paper truncates σ′ = 0.0599960
        Assert.Equal(0.059996, Math.Round(rated.Volatility, 6));
    }

    [Fact]
    public void Rate_PaperExample_GivesThePapersRatingOnceMuIsRoundedAsThePaperRoundsIt()
    {
        var rated = Glicko2.Default.Rate(PaperPlayer, PaperGames);

        // The paper prints μ′ = −0.2069 and converts that rounded value: 1464.06. Unrounded, the
        // same algorithm gives 1464.0507, which the reference implementations also report.
        Assert.Equal(-0.2069, Math.Round(Glicko2.ToMu(rated.Rating), 4));
        Assert.Equal(1464.06, Math.Round(Math.Round(Glicko2.ToMu(rated.Rating), 4) * Glicko2.Scale + 1500, 2));
        Assert.Equal(1464.05, Math.Round(rated.Rating, 2));
        Assert.Equal(0.8722, Math.Round(Glicko2.ToPhi(rated.Deviation), 4));
    }

    [Fact]
    public void GAndE_PaperExample_GiveThePapersIntermediateValues()
    {
        double[] g = [.. PaperGames.Select(x => Math.Round(Glicko2.G(Glicko2.ToPhi(x.Opponent.Deviation)), 4))];
        double[] e = [.. PaperGames.Select(x => Math.Round(Glicko2.ExpectedScore(PaperPlayer, x.Opponent), 3))];

        Assert.Equal([0.9955, 0.9531, 0.7242], g);
        Assert.Equal([0.639, 0.432, 0.303], e);
    }

    [Fact]
    public void NewVolatility_PapersIntermediateValues_ConvergesToThePapersSigma()
    {
        var sigma = Glicko2.Default.NewVolatility(phi: 1.1513, sigma: 0.06, v: 1.7785, delta: -0.4834);

        Assert.Equal(0.059996, Math.Round(sigma, 6));
    }

    [Fact]
    public void Rate_NoGames_OnlyWidensTheDeviation()
    {
        var idle = Glicko2.Default.Rate(PaperPlayer, []);

        Assert.Equal(1500, idle.Rating);
        Assert.Equal(0.06, idle.Volatility);
        Assert.Equal(200.27, Math.Round(idle.Deviation, 2)); // √(200² + (0.06 · 173.7178)²)
    }

    [Fact]
    public void RateIdle_NearTheInitialDeviation_StopsAtTheInitialDeviation()
    {
        var idle = Glicko2.RateIdle(new Glicko2Rating(1600, 349.9, 0.06)); // √(349.9² + 10.4²) ≈ 350.06

        Assert.Equal(new Glicko2Rating(1600, 350, 0.06), idle);
    }

    [Fact]
    public void Rate_TwoNewcomers_MoveByTheSameAmountInOppositeDirections()
    {
        var winner = Glicko2.Default.Rate(Glicko2Rating.Initial, Glicko2Rating.Initial, 1);
        var loser = Glicko2.Default.Rate(Glicko2Rating.Initial, Glicko2Rating.Initial, 0);

        Assert.Equal(1662.31, Math.Round(winner.Rating, 2));
        Assert.Equal(1337.69, Math.Round(loser.Rating, 2));
        Assert.Equal(winner.Rating - 1500, 1500 - loser.Rating, 9);
        Assert.Equal(winner.Deviation, loser.Deviation, 9);
        Assert.Equal(290.32, Math.Round(winner.Deviation, 2));
    }

    [Fact]
    public void Rate_AnyTwoPlayers_WinnerGoesUpAndLoserGoesDown()
    {
        Gen.Select(Ratings, Ratings)
            .Sample(
                (a, b) =>
                {
                    var winner = Glicko2.Default.Rate(a, b, 1);
                    var loser = Glicko2.Default.Rate(b, a, 0);

                    Assert.True(winner.Rating > a.Rating, $"{a} beating {b} became {winner}");
                    Assert.True(loser.Rating < b.Rating, $"{b} losing to {a} became {loser}");
                    Assert.True(winner.Deviation > 0 && loser.Deviation > 0);
                }
            );
    }

    [Fact]
    public void Rate_EqualPlayers_AreSymmetric()
    {
        Ratings.Sample(p =>
        {
            var winner = Glicko2.Default.Rate(p, p, 1);
            var loser = Glicko2.Default.Rate(p, p, 0);

            Assert.Equal(winner.Rating - p.Rating, p.Rating - loser.Rating, 6);
            Assert.Equal(winner.Deviation, loser.Deviation, 6);
            Assert.Equal(winner.Volatility, loser.Volatility, 9);
        });
    }

    [Fact]
    public void Rate_BiggerUpset_MovesMore()
    {
        Gen.Select(Ratings, Ratings, Gen.Double[1, 600])
            .Sample(
                (player, opponent, gap) =>
                {
                    var stronger = opponent with { Rating = opponent.Rating + gap };

                    var gainAgainstStronger = Glicko2.Default.Rate(player, stronger, 1).Rating - player.Rating;
                    var gainAgainstWeaker = Glicko2.Default.Rate(player, opponent, 1).Rating - player.Rating;
                    var lossToStronger = player.Rating - Glicko2.Default.Rate(player, stronger, 0).Rating;
                    var lossToWeaker = player.Rating - Glicko2.Default.Rate(player, opponent, 0).Rating;

                    Assert.True(gainAgainstStronger > gainAgainstWeaker, $"{player}: +{gainAgainstStronger} vs +{gainAgainstWeaker}");
                    Assert.True(lossToWeaker > lossToStronger, $"{player}: -{lossToWeaker} vs -{lossToStronger}");
                }
            );
    }

    [Fact]
    public void Rate_WinAgainstTheFavourite_MovesMoreThanTheFavouritesWin()
    {
        var underdog = new Glicko2Rating(1400, 80, 0.06);
        var favourite = new Glicko2Rating(1800, 80, 0.06);

        var upsetGain = Glicko2.Default.Rate(underdog, favourite, 1).Rating - underdog.Rating;
        var expectedGain = Glicko2.Default.Rate(favourite, underdog, 1).Rating - favourite.Rating;

        Assert.True(upsetGain > 4 * expectedGain, $"upset +{upsetGain}, expected result +{expectedGain}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_TauNotPositive_Throws(double tau)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Glicko2(tau));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Rate_ScoreOutsideZeroToOne_Throws(double score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Glicko2.Default.Rate(Glicko2Rating.Initial, Glicko2Rating.Initial, score));
    }

    [Fact]
    public void Rate_ZeroDeviation_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Glicko2.Default.Rate(new Glicko2Rating(1500, 0, 0.06), Glicko2Rating.Initial, 1));
    }

    [Fact]
    public void Tau_SmallerTau_ChangesVolatilityLess()
    {
        var player = new Glicko2Rating(1500, 60, 0.06);
        var strong = new Glicko2Rating(2200, 40, 0.06);

        var small = new Glicko2(0.3).Rate(player, strong, 1);
        var large = new Glicko2(1.2).Rate(player, strong, 1);

        Assert.True(Math.Abs(small.Volatility - 0.06) < Math.Abs(large.Volatility - 0.06), $"τ 0.3: {small}, τ 1.2: {large}");
        Assert.True(large.Volatility > 0.06);
    }
}
