using Battleship.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Battleship.Grains.Tests.Ladder;

/// <summary>
/// The ladder grain only schedules games now; how a match end rates its players is the archive's
/// (tests/Db.Tests, <c>MatchRatingTests</c>), and the grains' part of it is in <c>MatchPlayTests</c>.
/// </summary>
public class LadderGrainTests(ClusterFixture fixture) : ClusterTests(fixture)
{
    [Fact]
    public async Task ScheduledGames_ByDefault_AreOffAndRegisterNoReminder()
    {
        var ladder = Fixture.Grains.GetGrain<ILadderGrain>(ILadderGrain.Key);
        await ladder.WakeAsync(); // activates the singleton

        var reminders = await Fixture
            .SiloServices.GetRequiredService<IReminderTable>()
            .ReadRows(ladder.GetGrainId(), TestContext.Current.CancellationToken);

        Assert.False(new LadderOptions().ScheduledGames);
        Assert.Empty(reminders.Reminders);
    }

    [Fact]
    public void PickPairing_ManyDraws_AlwaysTwoDistinctCandidatesAndEveryOneIsDrawn()
    {
        var candidates = BuiltInAgents
            .All.Select(a => new AgentProfile(a.Id, a.Definition.Name, a.Definition.Kind, a.Definition.Policy, null, true, default))
            .ToList();
        var rng = new Rng(11);
        var drawn = new HashSet<Guid>();

        for (var i = 0; i < 200; i++)
        {
            var (first, second) = LadderGrain.PickPairing(candidates, ref rng)!.Value;
            Assert.NotEqual(first.Id, second.Id);
            drawn.Add(first.Id);
            drawn.Add(second.Id);
        }

        Assert.Equal(candidates.Count, drawn.Count);
        Assert.Null(LadderGrain.PickPairing(candidates.Take(1).ToList(), ref rng));
    }
}
