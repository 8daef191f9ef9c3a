using System.Text.Json;
using System.Text.Json.Nodes;
using Battleship.Engine.Evaluation;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// The end of a run's choice between its best checkpoint and its last network, on games that
/// neither chose the best (<see cref="DqnConfig.SelectionSeed"/>), the same fleets for both.
/// </summary>
/// <remarks>
/// The in-training evaluations play the same <see cref="DqnConfig.EvaluationGames"/> fleets every
/// time, so the lowest of some twenty of them is partly luck on those fleets: measured, an early
/// network 0.2 shots ahead on 500 games was behind the last one on 4,000 others (docs/rl.md). Both
/// networks play these games with one forward pass a decision, as the in-training evaluations do.
/// </remarks>
/// <param name="Games">Games each network played.</param>
/// <param name="Seed">Their seed (game i: the fleets of stream (seed, i), as <c>evaluate</c> draws them).</param>
/// <param name="BestEnvSteps">The environment step of the best checkpoint by the in-training evaluations.</param>
/// <param name="BestMeanShots">Its mean shots to win on these games.</param>
/// <param name="LastEnvSteps">The environment step of the last network.</param>
/// <param name="LastMeanShots">Its mean shots to win on these games.</param>
/// <param name="DifferenceStandardError">The standard error of the game-by-game difference, last minus best.</param>
public sealed record CheckpointSelection(
    int Games,
    ulong Seed,
    long BestEnvSteps,
    double BestMeanShots,
    long LastEnvSteps,
    double LastMeanShots,
    double DifferenceStandardError
)
{
    /// <summary>The name of this comparison in a best checkpoint's <c>evaluation.json</c>.</summary>
    public const string JsonProperty = "selection";

    /// <summary>Whether the last network took the best checkpoint's place (it won fewer shots on average; a tie keeps the best).</summary>
    public bool LastChosen => LastMeanShots < BestMeanShots;

    /// <summary>Mean shots of the last network minus those of the best checkpoint (negative: the last is better).</summary>
    public double Difference => LastMeanShots - BestMeanShots;

    /// <summary>Plays <paramref name="games"/> games of <paramref name="seed"/> with each network and compares them game by game.</summary>
    public static CheckpointSelection Compare(
        DqnPolicy best,
        long bestEnvSteps,
        DqnPolicy last,
        long lastEnvSteps,
        int games,
        ulong seed,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(best);
        ArgumentNullException.ThrowIfNull(last);
        var bestReport = best.Evaluate(games, seed, cancellationToken: cancellationToken);
        var lastReport = last.Evaluate(games, seed, cancellationToken: cancellationToken);
        return new CheckpointSelection(
            games,
            seed,
            bestEnvSteps,
            bestReport.Mean,
            lastEnvSteps,
            lastReport.Mean,
            PairedStandardError(lastReport, bestReport)
        );
    }

    /// <summary>Adds this comparison to the <c>evaluation.json</c> document <paramref name="evaluationJson"/>.</summary>
    public string AddTo(string evaluationJson)
    {
        var document =
            JsonNode.Parse(evaluationJson) as JsonObject ?? throw new InvalidDataException("An evaluation.json document is a JSON object.");
        document[JsonProperty] = JsonSerializer.SerializeToNode(
            new
            {
                games = Games,
                seed = Seed,
                best = new { envSteps = BestEnvSteps, mean = Math.Round(BestMeanShots, 4) },
                last = new { envSteps = LastEnvSteps, mean = Math.Round(LastMeanShots, 4) },
                difference = Math.Round(Difference, 4),
                standardError = Math.Round(DifferenceStandardError, 4),
                chosen = LastChosen ? "last" : "best",
            },
            DqnConfig.JsonOptions
        );
        return document.ToJsonString(DqnConfig.JsonOptions);
    }

    private static double PairedStandardError(EvaluationReport a, EvaluationReport b)
    {
        var n = a.Games;
        if (n < 2)
        {
            return 0;
        }
        var differences = a.ShotsPerGame.Zip(b.ShotsPerGame, (x, y) => (double)(x - y)).ToArray();
        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        return Math.Sqrt(variance / n);
    }
}
