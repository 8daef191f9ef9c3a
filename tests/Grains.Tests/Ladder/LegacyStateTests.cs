using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Battleship.Grains.Tests.Ladder;

/// <summary>
/// Grain state that the silos stored while ratings and records were kept in grains (the ladder's
/// <c>LadderState</c> with every rating, a user's games and wins) does not stop those grains from
/// activating: the ladder declares no state any more, so its old row is never read, and a user's
/// old row loads with the members that are gone skipped.
/// </summary>
public sealed class LegacyStateTests
{
    [Fact]
    public async Task LadderAndUser_WithStateStoredBeforeRatingsMovedToTheArchive_StillActivate()
    {
        await using var game = await GameCluster.StartAsync(durableState: true);
        var client = game.Cluster.Client;
        var silo = game.Cluster.GetSiloServiceProvider(game.Cluster.Primary!.SiloAddress);
        var ladder = client.GetGrain<ILadderGrain>(ILadderGrain.Key + 7); // a key no start-up task activates
        var userId = Guid.NewGuid();
        var user = client.GetGrain<IUserGrain>(userId);
        var active = Guid.NewGuid();
        var ended = Guid.NewGuid();
        var ann = $"User:{userId:N}";
        await WriteAsync(
            silo,
            StorageNames.Agents,
            "ladder",
            ladder.GetGrainId(),
            $$"""
            {
              "Ratings": { "{{ann}}": { "Kind": 0, "Id": "{{userId}}", "DisplayName": "Ann", "Rating": 1662.3, "Deviation": 290.3,
                                      "Volatility": 0.06, "Games": 3, "Wins": 2, "Losses": 1, "Streak": 1, "UpdatedAt": "2026-11-28T12:00:00+00:00" } },
              "RecordedMatches": [ "{{ended}}" ],
              "RecentResults": []
            }
            """
        );
        await WriteAsync(
            silo,
            StorageNames.Users,
            "user",
            user.GetGrainId(),
            $$"""
            {
              "Created": true, "DisplayName": "Ann", "CreatedAt": "2026-11-28T12:00:00+00:00", "Games": 3, "Wins": 2,
              "ActiveMatches": [ "{{active}}", "{{ended}}" ], "RecentlyRecorded": [ "{{Guid.NewGuid()}}" ]
            }
            """
        );

        await ladder.WakeAsync();
        var before = await user.GetProfileAsync();
        await user.MatchEndedAsync(ended);
        var after = await user.GetProfileAsync();

        Assert.Equal(
            (userId, "Ann", new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)),
            (before.Id, before.DisplayName, before.CreatedAt)
        );
        Assert.Equal([active, ended], before.ActiveMatches);
        Assert.Equal([active], after.ActiveMatches);
    }

    /// <summary>Stores <paramref name="json"/> as a grain's state, the way its storage provider writes any state.</summary>
    private static Task WriteAsync(IServiceProvider silo, string storage, string stateName, GrainId grain, string json) =>
        silo.GetRequiredKeyedService<IGrainStorage>(storage)
            .WriteStateAsync(stateName, grain, new GrainState<JsonObject>(JsonNode.Parse(json)!.AsObject()));
}
