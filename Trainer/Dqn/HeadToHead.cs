using Battleship.Engine;
using Battleship.Engine.Evaluation;
using Battleship.Engine.Policies;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// Head-to-head results of two agents over seeded games. Under the default rules (turns alternate
/// after every shot) each player's shots depend only on its own target fleet, so game <c>i</c> is
/// decided by comparing the shots A needs against fleet <c>i</c> of one stream with the shots B
/// needs against fleet <c>i</c> of another; A moves first in even games, B in odd ones, and the
/// player who moves first wins a tie (it fires its last shot first).
/// </summary>
/// <param name="A">The first agent's report (its shots per game).</param>
/// <param name="B">The second agent's report.</param>
public sealed record HeadToHead(EvaluationReport A, EvaluationReport B)
{
    public int WinsA { get; } = Count(A, B);

    public int Games => A.Games;

    public int WinsB => Games - WinsA;

    public double WinRateA => (double)WinsA / Games;

    /// <summary>Plays <paramref name="games"/> games between agents <paramref name="a"/> and <paramref name="b"/> (names as <see cref="AgentResolver"/> reads them).</summary>
    public static HeadToHead Play(string a, string b, int games, ulong seed, int threads, CancellationToken cancellationToken) =>
        Play(a, b, games, seed, threads, posterior: null, cancellationToken);

    /// <summary>As <see cref="Play(string, string, int, ulong, int, CancellationToken)"/>, with <paramref name="posterior"/> playing for the name <c>posterior</c> when given.</summary>
    public static HeadToHead Play(
        string a,
        string b,
        int games,
        ulong seed,
        int threads,
        PosteriorPolicy? posterior,
        CancellationToken cancellationToken
    )
    {
        // A fires at the fleets of stream 0 of the seed, B at those of stream 1: independent fleets.
        var seedA = Rng.ForStream(seed, 0).NextUInt64();
        var seedB = Rng.ForStream(seed, 1).NextUInt64();
        var reportA = AgentResolver.Evaluate(a, games, seedA, threads, posterior, cancellationToken);
        var reportB = AgentResolver.Evaluate(b, games, seedB, threads, posterior, cancellationToken);
        return new HeadToHead(reportA, reportB);
    }

    private static int Count(EvaluationReport a, EvaluationReport b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Games != b.Games)
        {
            throw new ArgumentException("Both reports must cover the same number of games.", nameof(b));
        }
        var wins = 0;
        for (var i = 0; i < a.Games; i++)
        {
            var aFirst = i % 2 == 0;
            var shotsA = a.ShotsPerGame[i];
            var shotsB = b.ShotsPerGame[i];
            if (shotsA < shotsB || (shotsA == shotsB && aFirst))
            {
                wins++;
            }
        }
        return wins;
    }
}
