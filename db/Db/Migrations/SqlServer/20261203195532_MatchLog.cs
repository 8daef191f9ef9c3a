using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Battleship.Db.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MatchLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "match_log",
                columns: table => new
                {
                    match_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    seq = table.Column<int>(type: "int", nullable: false),
                    kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    player = table.Column<short>(type: "smallint", nullable: true),
                    cell = table.Column<short>(type: "smallint", nullable: true),
                    outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    sunk_ship = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    data = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_match_log", x => new { x.match_id, x.seq });
                    table.CheckConstraint("ck_match_log_cell", "cell BETWEEN 0 AND 127");
                    table.CheckConstraint("ck_match_log_data", "(data IS NOT NULL AND kind IN ('Setup', 'Placement', 'Chat')) OR (data IS NULL AND kind NOT IN ('Setup', 'Placement', 'Chat'))");
                    table.CheckConstraint("ck_match_log_kind", "kind IN ('Setup', 'Placement', 'Shot', 'Resign', 'Timeout', 'Chat', 'Completed')");
                    table.CheckConstraint("ck_match_log_outcome", "outcome IN ('Miss', 'Hit', 'Sunk', 'Win')");
                    table.CheckConstraint("ck_match_log_player", "(player IN (0, 1) AND kind IN ('Placement', 'Shot', 'Resign', 'Timeout')) OR (player IS NULL AND kind IN ('Setup', 'Chat', 'Completed'))");
                    table.CheckConstraint("ck_match_log_seq", "(kind = 'Setup' AND seq = 0) OR (kind <> 'Setup' AND seq >= 1)");
                    table.CheckConstraint("ck_match_log_shot", "(kind = 'Shot' AND cell IS NOT NULL AND outcome IS NOT NULL) OR (kind <> 'Shot' AND cell IS NULL AND outcome IS NULL)");
                    table.CheckConstraint("ck_match_log_sunk_ship", "(sunk_ship IS NULL AND (outcome IS NULL OR outcome IN ('Miss', 'Hit'))) OR (sunk_ship IS NOT NULL AND outcome IS NOT NULL AND outcome IN ('Sunk', 'Win'))");
                });

            // The archived moves become the log of their matches: same positions (move n at seq n,
            // old matches have no setup entry: their setup is their matches row).
            migrationBuilder.Sql(
                "INSERT INTO match_log (match_id, seq, kind, player, cell, outcome, sunk_ship, at) "
                    + "SELECT match_id, number, kind, player, cell, outcome, sunk_ship, at FROM moves;");

            migrationBuilder.DropTable(
                name: "moves");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "moves",
                columns: table => new
                {
                    match_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    number = table.Column<int>(type: "int", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    cell = table.Column<short>(type: "smallint", nullable: true),
                    kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    player = table.Column<short>(type: "smallint", nullable: false),
                    sunk_ship = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true)
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

            // Back to the archive's own copy of the moves of archived matches, renumbered 1, 2, 3 ….
            // The logs of matches not archived yet (in progress) have no place in the old schema:
            // finish or drain them before going down.
            migrationBuilder.Sql(
                "INSERT INTO moves (match_id, number, kind, player, cell, outcome, sunk_ship, at) "
                    + "SELECT l.match_id, ROW_NUMBER() OVER (PARTITION BY l.match_id ORDER BY l.seq), l.kind, l.player, l.cell, l.outcome, l.sunk_ship, l.at "
                    + "FROM match_log AS l "
                    + "WHERE l.kind IN ('Shot', 'Resign', 'Timeout') AND EXISTS (SELECT 1 FROM matches AS m WHERE m.id = l.match_id);");

            migrationBuilder.DropTable(
                name: "match_log");
        }
    }
}
