using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TokenBroker.Api.Infrastructure.Store.Migrations
{
    /// <inheritdoc />
    public partial class RefreshFamilies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RefreshFamilies",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AppId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefreshFamilies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RefreshFamilies_Apps_AppId",
                        column: x => x.AppId,
                        principalTable: "Apps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RefreshFamilies_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RefreshFamilies_AppId",
                table: "RefreshFamilies",
                column: "AppId");

            migrationBuilder.CreateIndex(
                name: "IX_RefreshFamilies_UserId",
                table: "RefreshFamilies",
                column: "UserId");

            // Every family that has tokens gets its row; a family revoked before is revoked still.
            migrationBuilder.Sql(
                """
                INSERT INTO "RefreshFamilies" ("Id", "AppId", "UserId", "CreatedAt", "RevokedAt")
                SELECT "FamilyId", MIN("AppId"), MIN("UserId"), MIN("CreatedAt"), MAX("RevokedAt")
                FROM "RefreshTokens" GROUP BY "FamilyId"
                """);

            migrationBuilder.DropIndex(
                name: "IX_RefreshTokens_FamilyId",
                table: "RefreshTokens");

            // SQLite drops the column in place (3.35+), inside the migration's transaction. EF's own
            // DropColumn rebuilds the table with foreign keys switched off outside any transaction,
            // which it warns about on every new store.
            migrationBuilder.Sql("""ALTER TABLE "RefreshTokens" DROP COLUMN "RevokedAt";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RevokedAt",
                table: "RefreshTokens",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.Sql(
                """
                UPDATE "RefreshTokens" SET "RevokedAt" =
                  (SELECT f."RevokedAt" FROM "RefreshFamilies" AS f WHERE f."Id" = "RefreshTokens"."FamilyId")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_FamilyId",
                table: "RefreshTokens",
                column: "FamilyId");

            migrationBuilder.DropTable(
                name: "RefreshFamilies");
        }
    }
}
