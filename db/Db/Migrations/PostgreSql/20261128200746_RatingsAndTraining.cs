using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Battleship.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RatingsAndTraining : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ratings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rating = table.Column<double>(type: "double precision", nullable: false),
                    deviation = table.Column<double>(type: "double precision", nullable: false),
                    volatility = table.Column<double>(type: "double precision", nullable: false),
                    games = table.Column<int>(type: "integer", nullable: false),
                    wins = table.Column<int>(type: "integer", nullable: false),
                    losses = table.Column<int>(type: "integer", nullable: false),
                    current_streak = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ratings", x => x.id);
                    table.CheckConstraint("ck_ratings_counts", "games >= 0 AND wins >= 0 AND losses >= 0 AND wins + losses <= games");
                    table.CheckConstraint("ck_ratings_deviation", "deviation > 0");
                    table.CheckConstraint("ck_ratings_participant", "(user_id IS NOT NULL AND agent_id IS NULL) OR (user_id IS NULL AND agent_id IS NOT NULL)");
                    table.CheckConstraint("ck_ratings_volatility", "volatility > 0");
                    table.ForeignKey(
                        name: "fk_ratings_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ratings_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    config = table.Column<string>(type: "jsonb", nullable: false),
                    progress = table.Column<string>(type: "jsonb", nullable: true),
                    best_checkpoint = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_jobs", x => x.id);
                    table.CheckConstraint("ck_training_jobs_status", "status IN ('Queued', 'Running', 'Completed', 'Failed', 'Cancelled')");
                    table.ForeignKey(
                        name: "fk_training_jobs_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_training_jobs_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "rating_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    rating_id = table.Column<Guid>(type: "uuid", nullable: false),
                    match_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rating_before = table.Column<double>(type: "double precision", nullable: false),
                    deviation_before = table.Column<double>(type: "double precision", nullable: false),
                    volatility_before = table.Column<double>(type: "double precision", nullable: false),
                    rating_after = table.Column<double>(type: "double precision", nullable: false),
                    deviation_after = table.Column<double>(type: "double precision", nullable: false),
                    volatility_after = table.Column<double>(type: "double precision", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rating_history", x => x.id);
                    table.CheckConstraint("ck_rating_history_deviation", "deviation_before > 0 AND deviation_after > 0");
                    table.CheckConstraint("ck_rating_history_volatility", "volatility_before > 0 AND volatility_after > 0");
                    table.ForeignKey(
                        name: "fk_rating_history_match_id",
                        column: x => x.match_id,
                        principalTable: "matches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_rating_history_rating_id",
                        column: x => x.rating_id,
                        principalTable: "ratings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rating_history_match_id",
                table: "rating_history",
                column: "match_id");

            migrationBuilder.CreateIndex(
                name: "ix_rating_history_rating_id_at",
                table: "rating_history",
                columns: new[] { "rating_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_rating_history_rating_id_match_id",
                table: "rating_history",
                columns: new[] { "rating_id", "match_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ratings_agent_id",
                table: "ratings",
                column: "agent_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ratings_rating_deviation",
                table: "ratings",
                columns: new[] { "rating", "deviation" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "ix_ratings_user_id",
                table: "ratings",
                column: "user_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_jobs_agent_id",
                table: "training_jobs",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_jobs_owner_user_id",
                table: "training_jobs",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_jobs_status_created_at",
                table: "training_jobs",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rating_history");

            migrationBuilder.DropTable(
                name: "training_jobs");

            migrationBuilder.DropTable(
                name: "ratings");
        }
    }
}
