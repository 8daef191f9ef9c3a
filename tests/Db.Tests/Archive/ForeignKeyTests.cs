using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using static Battleship.Db.Tests.Archive.ArchiveData;

namespace Battleship.Db.Tests.Archive;

/// <summary>
/// What deleting a parent row does to its dependants, in the database itself (plain SQL deletes)
/// and through the store where the store carries a rule the database cannot (see docs/data-model.md).
/// </summary>
public sealed class ForeignKeyTests(MigratedArchive archive) : ArchiveTests(archive)
{
    [Fact]
    public async Task DeletingAMatchRow_KeepsRatingHistoryWithoutIt()
    {
        var (one, two) = await UserAndAgentAsync(Store);
        var match = Match(one, two);
        await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        Assert.Equal(1, await Fixture.ExecuteAsync("delete from matches where id = $1", match.Id));

        Assert.Equal(
            2,
            await Fixture.CountAsync(
                "select count(*) from rating_history h join ratings r on r.id = h.rating_id where h.match_id is null and (r.user_id = $1 or r.agent_id = $2)",
                one.Id,
                two.Id
            )
        );
    }

    [Fact]
    public async Task DeletingARoom_KeepsItsMatchesWithoutARoom()
    {
        var owner = await UserAsync(Store);
        var room = await RoomAsync(Store, owner);
        var match = Match(ParticipantRef.User(owner), ParticipantRef.Agent(await AgentAsync(Store)), roomId: room);
        await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        Assert.Equal(1, await Fixture.ExecuteAsync("delete from rooms where id = $1", room));

        Assert.Null(await Fixture.ScalarAsync("select room_id from matches where id = $1", match.Id));
    }

    [Fact]
    public async Task DeletingAUserWhoPlayed_IsRefused()
    {
        var user = await UserAsync(Store);
        await Fixture.ArchiveAsync(Match(ParticipantRef.Agent(await AgentAsync(Store)), ParticipantRef.User(user)), Glicko2.Default, Ct);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.ForeignKeyViolation,
            "fk_matches_player_two_user_id",
            () => Fixture.ExecuteAsync("delete from users where id = $1", user)
        );
        Assert.Equal(DeleteOutcome.InUse, await Store.DeleteUserAsync(user, Ct));
        Assert.NotNull(await Store.GetUserAsync(user, Ct));
    }

    [Fact]
    public async Task DeletingAnAgentThatPlayed_IsRefused()
    {
        var agent = await AgentAsync(Store);
        await Fixture.ArchiveAsync(Match(ParticipantRef.Agent(agent), ParticipantRef.User(await UserAsync(Store))), Glicko2.Default, Ct);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.ForeignKeyViolation,
            "fk_matches_player_one_agent_id",
            () => Fixture.ExecuteAsync("delete from agents where id = $1", agent)
        );
        Assert.Equal(DeleteOutcome.InUse, await Store.DeleteAgentAsync(agent, Ct));
    }

    [Fact]
    public async Task DeletingAUserWhoOwnsARoom_IsRefusedByTheDatabase()
    {
        var user = await UserAsync(Store);
        await RoomAsync(Store, user);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.ForeignKeyViolation,
            "fk_rooms_owner_user_id",
            () => Fixture.ExecuteAsync("delete from users where id = $1", user)
        );
    }

    [Fact]
    public async Task DeletingAUserWhoOwnsAnAgent_IsRefusedByTheDatabase_ButTheStoreSetsTheOwnerToNull()
    {
        var user = await UserAsync(Store);
        var agent = await AgentAsync(Store, ownerUserId: user);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.ForeignKeyViolation,
            "fk_agents_owner_user_id",
            () => Fixture.ExecuteAsync("delete from users where id = $1", user)
        );

        Assert.Equal(DeleteOutcome.Deleted, await Store.DeleteUserAsync(user, Ct));
        var kept = await Store.GetAgentAsync(agent, Ct);
        Assert.NotNull(kept);
        Assert.Null(kept.OwnerId);
    }

    [Fact]
    public async Task DeletingAUser_CascadesToTheirRatingAndItsHistory_AndDetachesTheirTrainingJobs()
    {
        var user = await UserAsync(Store);
        var opponent = ParticipantRef.Agent(await AgentAsync(Store));
        var match = Match(ParticipantRef.User(user), opponent);
        await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);
        var job = Guid.NewGuid();
        await Store.UpsertTrainingJobAsync(
            new TrainingJobRecord(job, user, TrainingJobStatus.Queued, """{"episodes":10}""", null, null, null, Epoch, null, null),
            Ct
        );
        var ratingId = await Fixture.ScalarAsync("select id from ratings where user_id = $1", user);
        // Purge the match first (a retention job would): matches restrict deleting players.
        await Fixture.ExecuteAsync("delete from matches where id = $1", match.Id);

        Assert.Equal(1, await Fixture.ExecuteAsync("delete from users where id = $1", user));

        Assert.Equal(0, await Fixture.CountAsync("select count(*) from ratings where user_id = $1", user));
        Assert.Equal(0, await Fixture.CountAsync("select count(*) from rating_history where rating_id = $1", ratingId!));
        Assert.Null(await Fixture.ScalarAsync("select owner_user_id from training_jobs where id = $1", job));
    }

    [Fact]
    public async Task DeletingAnAgent_CascadesToItsRating_AndDetachesTrainingJobs_AndTheStoreDetachesRooms()
    {
        var owner = await UserAsync(Store);
        var agent = await AgentAsync(Store);
        var room = await RoomAsync(Store, owner, aiAgentId: agent);
        var match = Match(ParticipantRef.Agent(agent), ParticipantRef.User(owner));
        await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);
        var job = Guid.NewGuid();
        await Store.UpsertTrainingJobAsync(
            new TrainingJobRecord(
                job,
                owner,
                TrainingJobStatus.Completed,
                "{}",
                """{"step":5}""",
                "/ckpt/5.pt",
                agent,
                Epoch,
                Epoch,
                Epoch
            ),
            Ct
        );
        await Fixture.ExecuteAsync("delete from matches where id = $1", match.Id);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.ForeignKeyViolation,
            "fk_rooms_ai_agent_id",
            () => Fixture.ExecuteAsync("delete from agents where id = $1", agent)
        );
        Assert.Equal(DeleteOutcome.Deleted, await Store.DeleteAgentAsync(agent, Ct));

        Assert.Equal(0, await Fixture.CountAsync("select count(*) from ratings where agent_id = $1", agent));
        Assert.Null(await Fixture.ScalarAsync("select agent_id from training_jobs where id = $1", job));
        Assert.Null((await Store.GetRoomAsync(room, Ct))!.AiAgentId);
        Assert.Equal(DeleteOutcome.NotFound, await Store.DeleteAgentAsync(agent, Ct));
    }

    [Fact]
    public async Task StoreDeleteUser_DeletesTheirRooms_KeepingOtherPlayersMatchesInThem()
    {
        var host = await UserAsync(Store);
        var room = await RoomAsync(Store, host);
        var match = Match(ParticipantRef.Agent(await AgentAsync(Store)), ParticipantRef.Agent(await AgentAsync(Store)), roomId: room);
        await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        Assert.Equal(DeleteOutcome.Deleted, await Store.DeleteUserAsync(host, Ct));

        Assert.Null(await Store.GetRoomAsync(room, Ct));
        var kept = await Store.GetMatchAsync(match.Id, Ct);
        Assert.NotNull(kept);
        Assert.Null(kept.Match.RoomId);
        Assert.Equal(DeleteOutcome.NotFound, await Store.DeleteUserAsync(host, Ct));
    }

    [Fact]
    public async Task DeletingARating_CascadesToItsHistory()
    {
        var agent = ParticipantRef.Agent(await AgentAsync(Store));
        await Fixture.ArchiveAsync(Match(agent, ParticipantRef.User(await UserAsync(Store))), Glicko2.Default, Ct);
        var ratingId = await Fixture.ScalarAsync("select id from ratings where agent_id = $1", agent.Id);
        Assert.Equal(1, await Fixture.CountAsync("select count(*) from rating_history where rating_id = $1", ratingId!));

        await Fixture.ExecuteAsync("delete from ratings where id = $1", ratingId!);

        Assert.Equal(0, await Fixture.CountAsync("select count(*) from rating_history where rating_id = $1", ratingId!));
    }
}
