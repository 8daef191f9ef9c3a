using Battleship.Db.Archive;
using Battleship.Db.Ratings;
using Battleship.Grains.Models;
using static Battleship.Db.Tests.Archive.ArchiveData;

namespace Battleship.Db.Tests.Archive;

/// <summary>Unique indexes and check constraints, written around the store with plain SQL.</summary>
public sealed class ConstraintTests(MigratedArchive archive) : ArchiveTests(archive)
{
    private const string InsertUser =
        "insert into users (id, issuer, subject, display_name, created_at, last_seen_at) values ($1, $2, $3, 'x', now(), now())";

    [Fact]
    public async Task IssuerAndSubject_AreUniqueTogether_AndCaseSensitive()
    {
        var subject = $"sub-{Guid.NewGuid():N}";
        await Fixture.ExecuteAsync(InsertUser, Guid.NewGuid(), Issuer, subject);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.UniqueViolation,
            "ix_users_issuer_subject",
            () => Fixture.ExecuteAsync(InsertUser, Guid.NewGuid(), Issuer, subject)
        );
        // Same subject at another issuer, or differing in case only: other identities.
        Assert.Equal(1, await Fixture.ExecuteAsync(InsertUser, Guid.NewGuid(), "https://other.example/", subject));
        Assert.Equal(1, await Fixture.ExecuteAsync(InsertUser, Guid.NewGuid(), Issuer, subject.ToUpperInvariant()));
    }

    [Fact]
    public async Task AgentNames_AreUnique()
    {
        var name = $"unique-{Guid.NewGuid():N}"[..24];
        await AgentAsync(Store, name: name);

        await PostgresAssert.RefusedAsync(PostgresAssert.UniqueViolation, "ix_agents_name", () => AgentAsync(Store, name: name));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task AMatchSide_IsExactlyOneUserOrAgent(bool user, bool agent)
    {
        var userId = await UserAsync(Store);
        var agentId = await AgentAsync(Store);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            "ck_matches_player_one",
            () =>
                Fixture.ExecuteAsync(
                    """
                    insert into matches (id, player_one_user_id, player_one_agent_id, player_two_agent_id, rules, first_player,
                      fleet_one, fleet_two, winner, end_reason, started_at, finished_at, move_count)
                    values ($1, $2, $3, $4, 'classic', 0, '[]', '[]', 0, 'Win', now(), now(), 0)
                    """,
                    Guid.NewGuid(),
                    user ? userId : DBNull.Value,
                    agent ? agentId : DBNull.Value,
                    agentId
                )
        );
    }

    [Theory]
    [InlineData("winner", "null", "ck_matches_winner")] // only an abandoned match may have no winner
    [InlineData("winner", "2", "ck_matches_winner")]
    [InlineData("first_player", "-1", "ck_matches_first_player")]
    [InlineData("end_reason", "'Draw'", "ck_matches_end_reason")]
    [InlineData("finished_at", "now() - interval '1 hour'", "ck_matches_finished_at")]
    public async Task MatchChecks_RefuseBadValues(string column, string value, string constraint)
    {
        var agent = await AgentAsync(Store);
        var values = new Dictionary<string, string>
        {
            ["first_player"] = "0",
            ["winner"] = "0",
            ["end_reason"] = "'Win'",
            ["finished_at"] = "now()",
        };
        values[column] = value;

        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            constraint,
            () =>
                Fixture.ExecuteAsync(
                    $"""
                    insert into matches (id, player_one_agent_id, player_two_agent_id, rules, first_player, fleet_one, fleet_two,
                      winner, end_reason, started_at, finished_at, move_count)
                    values ($1, $2, $2, 'classic', {values["first_player"]}, '[]', '[]', {values["winner"]}, {values["end_reason"]},
                      now(), {values["finished_at"]}, 0)
                    """,
                    Guid.NewGuid(),
                    agent
                )
        );
    }

    [Fact]
    public async Task FleetColumns_AcceptOnlyJson()
    {
        var match = Match(ParticipantRef.Agent(await AgentAsync(Store)), ParticipantRef.Agent(await AgentAsync(Store))) with
        {
            FleetOne = "not json",
        };

        await PostgresAssert.RefusedAsync("22P02", null, () => Fixture.ArchiveAsync(match, Glicko2.Default, Ct));
        Assert.Equal(0, await Fixture.CountAsync("select count(*) from matches where id = $1", match.Id));
    }

    [Theory]
    [InlineData("'Shot'", "null", "'Miss'", "null", "ck_match_log_shot")] // a shot has a cell
    [InlineData("'Shot'", "5", "null", "null", "ck_match_log_shot")] // and an outcome
    [InlineData("'Resign'", "5", "null", "null", "ck_match_log_shot")] // a resignation has neither
    [InlineData("'Shot'", "128", "'Miss'", "null", "ck_match_log_cell")] // boards have at most 128 cells
    [InlineData("'Shot'", "5", "'Hit'", "'Carrier'", "ck_match_log_sunk_ship")] // only a sinking names a ship
    [InlineData("'Shot'", "5", "'Sunk'", "null", "ck_match_log_sunk_ship")] // and a sinking always does
    [InlineData("'Pass'", "null", "null", "null", "ck_match_log_kind")]
    public async Task LogChecks_RefuseBadMoves(string kind, string cell, string outcome, string sunkShip, string constraint)
    {
        var match = Match(ParticipantRef.Agent(await AgentAsync(Store)), ParticipantRef.Agent(await AgentAsync(Store)), moveCount: 1);
        await Fixture.ArchiveAsync(match, Glicko2.Default, Ct);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            constraint,
            () =>
                Fixture.ExecuteAsync(
                    $"insert into match_log (match_id, seq, player, kind, cell, outcome, sunk_ship, at) values ($1, 2, 0, {kind}, {cell}, {outcome}, {sunkShip}, now())",
                    match.Id
                )
        );
    }

    [Fact]
    public async Task ARating_BelongsToExactlyOneParticipant_AndEachParticipantHasOne()
    {
        var user = await UserAsync(Store);
        var agent = await AgentAsync(Store);
        const string insert =
            "insert into ratings (id, user_id, agent_id, rating, deviation, volatility, games, wins, losses, current_streak, updated_at) values ($1, $2, $3, 1500, 350, 0.06, 0, 0, 0, 0, now())";

        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            "ck_ratings_participant",
            () => Fixture.ExecuteAsync(insert, Guid.NewGuid(), user, agent)
        );
        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            "ck_ratings_participant",
            () => Fixture.ExecuteAsync(insert, Guid.NewGuid(), DBNull.Value, DBNull.Value)
        );
        Assert.Equal(1, await Fixture.ExecuteAsync(insert, Guid.NewGuid(), user, DBNull.Value));
        Assert.Equal(1, await Fixture.ExecuteAsync(insert, Guid.NewGuid(), DBNull.Value, agent));
        await PostgresAssert.RefusedAsync(
            PostgresAssert.UniqueViolation,
            "ix_ratings_user_id",
            () => Fixture.ExecuteAsync(insert, Guid.NewGuid(), user, DBNull.Value)
        );
        await PostgresAssert.RefusedAsync(
            PostgresAssert.UniqueViolation,
            "ix_ratings_agent_id",
            () => Fixture.ExecuteAsync(insert, Guid.NewGuid(), DBNull.Value, agent)
        );
    }

    [Theory]
    [InlineData("deviation = 0", "ck_ratings_deviation")]
    [InlineData("volatility = -0.1", "ck_ratings_volatility")]
    [InlineData("wins = 1", "ck_ratings_counts")] // more results than games
    [InlineData("games = -1", "ck_ratings_counts")]
    public async Task RatingChecks_RefuseBadValues(string assignment, string constraint)
    {
        var user = await UserAsync(Store);
        await Fixture.ExecuteAsync(
            "insert into ratings (id, user_id, rating, deviation, volatility, games, wins, losses, current_streak, updated_at) values ($1, $2, 1500, 350, 0.06, 0, 0, 0, 0, now())",
            Guid.NewGuid(),
            user
        );

        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            constraint,
            () => Fixture.ExecuteAsync($"update ratings set {assignment} where user_id = $1", user)
        );
    }

    [Fact]
    public async Task ARoom_HasAClosingTime_ExactlyWhenClosed()
    {
        var owner = await UserAsync(Store);

        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            "ck_rooms_closed_at",
            () => Store.UpsertRoomAsync(new RoomSnapshot(Guid.NewGuid(), "r", owner, false, null, RoomStatus.Closed, Epoch, null), Ct)
        );
        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            "ck_rooms_closed_at",
            () => Store.UpsertRoomAsync(new RoomSnapshot(Guid.NewGuid(), "r", owner, false, null, RoomStatus.Open, Epoch, Epoch), Ct)
        );
    }

    [Fact]
    public async Task TrainingJobStatus_IsOneOfTheKnownStates()
    {
        await PostgresAssert.RefusedAsync(
            PostgresAssert.CheckViolation,
            "ck_training_jobs_status",
            () =>
                Fixture.ExecuteAsync(
                    "insert into training_jobs (id, status, config, created_at) values ($1, 'Paused', '{}', now())",
                    Guid.NewGuid()
                )
        );
    }
}
