using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Battleship.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    issuer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    subject = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    display_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    policy = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    is_builtin = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.id);
                    table.CheckConstraint("ck_agents_kind", "kind IN ('Heuristic', 'Dqn')");
                    table.ForeignKey(
                        name: "fk_agents_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "rooms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_private = table.Column<bool>(type: "boolean", nullable: false),
                    ai_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rooms", x => x.id);
                    table.CheckConstraint("ck_rooms_closed_at", "(status = 'Closed' AND closed_at IS NOT NULL) OR (status <> 'Closed' AND closed_at IS NULL)");
                    table.CheckConstraint("ck_rooms_status", "status IN ('Open', 'Full', 'InMatch', 'Closed')");
                    table.ForeignKey(
                        name: "fk_rooms_ai_agent_id",
                        column: x => x.ai_agent_id,
                        principalTable: "agents",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_rooms_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "matches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    room_id = table.Column<Guid>(type: "uuid", nullable: true),
                    player_one_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    player_one_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    player_two_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    player_two_agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rules = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    first_player = table.Column<short>(type: "smallint", nullable: false),
                    fleet_one = table.Column<string>(type: "jsonb", nullable: false),
                    fleet_two = table.Column<string>(type: "jsonb", nullable: false),
                    winner = table.Column<short>(type: "smallint", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    move_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_matches", x => x.id);
                    table.CheckConstraint("ck_matches_end_reason", "end_reason IN ('Win', 'Resign', 'Timeout', 'Abandoned')");
                    table.CheckConstraint("ck_matches_finished_at", "finished_at >= started_at");
                    table.CheckConstraint("ck_matches_first_player", "first_player IN (0, 1)");
                    table.CheckConstraint("ck_matches_move_count", "move_count >= 0");
                    table.CheckConstraint("ck_matches_player_one", "(player_one_user_id IS NOT NULL AND player_one_agent_id IS NULL) OR (player_one_user_id IS NULL AND player_one_agent_id IS NOT NULL)");
                    table.CheckConstraint("ck_matches_player_two", "(player_two_user_id IS NOT NULL AND player_two_agent_id IS NULL) OR (player_two_user_id IS NULL AND player_two_agent_id IS NOT NULL)");
                    table.CheckConstraint("ck_matches_winner", "(winner IS NOT NULL AND winner IN (0, 1)) OR (winner IS NULL AND end_reason = 'Abandoned')");
                    table.ForeignKey(
                        name: "fk_matches_player_one_agent_id",
                        column: x => x.player_one_agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_matches_player_one_user_id",
                        column: x => x.player_one_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_matches_player_two_agent_id",
                        column: x => x.player_two_agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_matches_player_two_user_id",
                        column: x => x.player_two_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_matches_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "moves",
                columns: table => new
                {
                    match_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    player = table.Column<short>(type: "smallint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cell = table.Column<short>(type: "smallint", nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    sunk_ship = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_moves", x => new { x.match_id, x.number });
                    table.CheckConstraint("ck_moves_cell", "cell BETWEEN 0 AND 127");
                    table.CheckConstraint("ck_moves_kind", "kind IN ('Shot', 'Resign', 'Timeout')");
                    table.CheckConstraint("ck_moves_number", "number >= 1");
                    table.CheckConstraint("ck_moves_outcome", "outcome IN ('Miss', 'Hit', 'Sunk', 'Win')");
                    table.CheckConstraint("ck_moves_player", "player IN (0, 1)");
                    table.CheckConstraint("ck_moves_shot", "(kind = 'Shot' AND cell IS NOT NULL AND outcome IS NOT NULL) OR (kind <> 'Shot' AND cell IS NULL AND outcome IS NULL)");
                    table.CheckConstraint("ck_moves_sunk_ship", "(sunk_ship IS NULL AND (outcome IS NULL OR outcome IN ('Miss', 'Hit'))) OR (sunk_ship IS NOT NULL AND outcome IS NOT NULL AND outcome IN ('Sunk', 'Win'))");
                    table.ForeignKey(
                        name: "fk_moves_match_id",
                        column: x => x.match_id,
                        principalTable: "matches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agents_name",
                table: "agents",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_agents_owner_user_id",
                table: "agents",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_matches_finished_at",
                table: "matches",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_matches_player_one_agent_id_finished_at",
                table: "matches",
                columns: new[] { "player_one_agent_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_matches_player_one_user_id_finished_at",
                table: "matches",
                columns: new[] { "player_one_user_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_matches_player_two_agent_id_finished_at",
                table: "matches",
                columns: new[] { "player_two_agent_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_matches_player_two_user_id_finished_at",
                table: "matches",
                columns: new[] { "player_two_user_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_matches_room_id",
                table: "matches",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "ix_rooms_ai_agent_id",
                table: "rooms",
                column: "ai_agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_rooms_owner_user_id",
                table: "rooms",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_rooms_status_created_at",
                table: "rooms",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_users_issuer_subject",
                table: "users",
                columns: new[] { "issuer", "subject" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "moves");

            migrationBuilder.DropTable(
                name: "matches");

            migrationBuilder.DropTable(
                name: "rooms");

            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
