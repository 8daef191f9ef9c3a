using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Battleship.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RatingsLadderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ratings_rating_deviation",
                table: "ratings");

            migrationBuilder.CreateIndex(
                name: "ix_ratings_rating_deviation_id",
                table: "ratings",
                columns: new[] { "rating", "deviation", "id" },
                descending: new[] { true, false, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ratings_rating_deviation_id",
                table: "ratings");

            migrationBuilder.CreateIndex(
                name: "ix_ratings_rating_deviation",
                table: "ratings",
                columns: new[] { "rating", "deviation" },
                descending: new[] { true, false });
        }
    }
}
