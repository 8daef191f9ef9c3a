using Battleship.Engine.Evaluation;
using Battleship.Trainer.Dqn;

namespace Battleship.Rl.Tests;

public sealed class HeadToHeadTests
{
    [Fact]
    public void FewerShotsWin_AndTiesGoToWhoeverMovedFirst()
    {
        // Game 0: A first, tie -> A. Game 1: B first, tie -> B. Game 2: A 40 < 50 -> A. Game 3: A 60 > 45 -> B.
        var a = new EvaluationReport("a", 1, [50, 50, 40, 60]);
        var b = new EvaluationReport("b", 1, [50, 50, 50, 45]);

        var match = new HeadToHead(a, b);

        Assert.Equal(2, match.WinsA);
        Assert.Equal(2, match.WinsB);
        Assert.Equal(0.5, match.WinRateA);
    }

    [Fact]
    public void Play_IsSeeded()
    {
        var first = HeadToHead.Play("parity", "hunt", 300, 5, 2, CancellationToken.None);
        var second = HeadToHead.Play("parity", "hunt", 300, 5, 2, CancellationToken.None);

        Assert.Equal(first.WinsA, second.WinsA);
        Assert.True(first.WinRateA > 0.5);
    }
}
