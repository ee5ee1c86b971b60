using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Tests.Store;

/// <summary>
/// Refresh tokens stored before families had their own row keep their state through the
/// migration: a family revoked before stays revoked, a live one stays live, nothing is lost.
/// </summary>
public sealed class RefreshFamilyMigrationTests : IDisposable
{
    private const string BeforeFamilies = "20261123051641_SsoCodesAndRefreshTokens";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tb-migration-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Migration_GivesEveryFamilyARow_WithTheRevocationItsTokensHad()
    {
        static long At(int minutes) => PreparedStatements.ToColumn(DateTimeOffset.UnixEpoch.AddYears(56).AddMinutes(minutes));
        var (t1, t2, t3, t4, t5, t6, t7, t8, t9) = (At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9));
        await using (var db = Open())
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeFamilies);
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "Apps" ("Id", "Name", "SecretHash", "RedirectUris", "DevelopmentMode", "PublicClient", "MaxTtl", "TurnUris", "CreatedAt", "UpdatedAt", "Version")
                  VALUES ('app-1', 'App', x'00', '[]', 0, 0, 3600, '[]', 1, 1, 'v');
                INSERT INTO "Users" ("Id", "Email", "NormalizedEmail", "PasswordHash", "Type", "CreatedAt")
                  VALUES ('user-1', 'u@example.test', 'U@EXAMPLE.TEST', 'x', 'agent', 1);
                INSERT INTO "RefreshTokens" ("TokenHash", "FamilyId", "AppId", "UserId", "Scope", "AuthTime", "CreatedAt", "ExpiresAt",
                  "ConsumedAt", "RevokedAt", "AccessTokenJti", "AccessTokenExpiresAt") VALUES
                  (x'01', 'revoked', 'app-1', 'user-1', 'openid', {t1}, {t1}, {t9}, {t2}, {t5}, 'j1', {t6}),
                  (x'02', 'revoked', 'app-1', 'user-1', 'openid', {t1}, {t2}, {t9}, NULL, {t5}, 'j2', {t7}),
                  (x'03', 'live', 'app-1', 'user-1', 'openid', {t1}, {t3}, {t9}, {t4}, NULL, 'j3', {t8}),
                  (x'04', 'live', 'app-1', 'user-1', 'openid', {t1}, {t4}, {t9}, NULL, NULL, 'j4', {t8});
                """);

            await db.Database.MigrateAsync();
        }

        await using (var db = Open())
        {
            var families = await db.RefreshFamilies.AsNoTracking().OrderBy(f => f.Id).ToListAsync();

            Assert.Equal(["live", "revoked"], families.Select(f => f.Id));
            Assert.All(families, f => Assert.Equal(("app-1", "user-1"), (f.AppId, f.UserId)));
            Assert.Null(families[0].RevokedAt);
            Assert.Equal(PreparedStatements.FromColumn(t5), families[1].RevokedAt);
            Assert.Equal([PreparedStatements.FromColumn(t3), PreparedStatements.FromColumn(t1)], families.Select(f => f.CreatedAt));
            Assert.Equal(4, await db.RefreshTokens.CountAsync());
        }

        using var readers = new StoreReaders(new StoreConnection($"Data Source={_path}", "NORMAL"));
        Assert.NotNull(readers.Read(r => r.FindRefreshToken([0x02]))!.RevokedAt);
        Assert.Null(readers.Read(r => r.FindRefreshToken([0x04]))!.RevokedAt);
    }

    private TokenBrokerDb Open() => new(new DbContextOptionsBuilder<TokenBrokerDb>().UseSqlite($"Data Source={_path}").Options);
}
