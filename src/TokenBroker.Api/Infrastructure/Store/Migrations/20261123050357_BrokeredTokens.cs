using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TokenBroker.Api.Infrastructure.Store.Migrations
{
    /// <inheritdoc />
    public partial class BrokeredTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BrokeredTokens",
                columns: table => new
                {
                    TokenIdHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    AppId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    EndpointId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiryTime = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokeredTokens", x => x.TokenIdHash);
                    table.ForeignKey(
                        name: "FK_BrokeredTokens_Apps_AppId",
                        column: x => x.AppId,
                        principalTable: "Apps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RevokedTokens",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Jti = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AppId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevokedTokens", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BrokeredTokens_AppId",
                table: "BrokeredTokens",
                column: "AppId");

            migrationBuilder.CreateIndex(
                name: "IX_BrokeredTokens_ExpiryTime",
                table: "BrokeredTokens",
                column: "ExpiryTime");

            migrationBuilder.CreateIndex(
                name: "IX_RevokedTokens_ExpiresAt",
                table: "RevokedTokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_RevokedTokens_Jti",
                table: "RevokedTokens",
                column: "Jti",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BrokeredTokens");

            migrationBuilder.DropTable(
                name: "RevokedTokens");
        }
    }
}
