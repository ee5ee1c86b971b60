using Microsoft.Data.Sqlite;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>What a successful activation needs to know about its tokenId.</summary>
public sealed record ActivatedToken(string AppId, string EndpointId, string RoleId, DateTimeOffset ExpiryTime);

/// <summary>Rows one purge step deleted.</summary>
public readonly record struct PurgedRows(int TokenIds, int RefreshTokens, int RefreshFamilies)
{
    public static PurgedRows operator +(PurgedRows left, PurgedRows right) =>
        new(left.TokenIds + right.TokenIds, left.RefreshTokens + right.RefreshTokens, left.RefreshFamilies + right.RefreshFamilies);
}

/// <summary>
/// The hot-path writes, on the <see cref="GroupCommit"/>'s own connection (see <see cref="PreparedStatements"/>):
/// INSERT … ON CONFLICT and UPDATE … RETURNING, one statement per decision.
/// </summary>
public sealed class StoreWriter : PreparedStatements
{
    // SQLITE_CONSTRAINT_FOREIGNKEY: the row's app was deleted meanwhile.
    private const int ForeignKeyViolation = 787;

    // When the log restarts, its file is cut back to this size (128 MiB, WalCheckpointer.RestartFrames).
    private const long WalSizeLimit = 128L * 1024 * 1024;

    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _checkpoint;
    private readonly SqliteCommand _insertBrokeredToken;
    private readonly SqliteCommand _touchEndpoint;
    private readonly SqliteCommand _activate;
    private readonly SqliteCommand _insertRefreshFamily;
    private readonly SqliteCommand _refreshGrant;
    private readonly SqliteCommand _consumeRefreshToken;
    private readonly SqliteCommand _insertRefreshToken;
    private readonly SqliteCommand _purgeBrokeredTokens;
    private readonly SqliteCommand _purgeRefreshFamilies;
    private readonly SqliteCommand _purgeRefreshTokens;

    // The page cache is SQLite's default (2 MiB). At the end of every write transaction SQLite
    // truncates the connection's page cache (pcache1TruncateUnsafe, from pager_end_transaction); on
    // activations that scan's cost grew with the cache: with 64 MiB it was 38 % of this loop's time.
    // The hot writes touch the right edges of their indexes, and pages the cache misses come from
    // the OS's file cache (reads per refresh were the same with either size; see docs/performance.md).
    public StoreWriter(StoreConnection store)
        : base(store, $"PRAGMA foreign_keys=ON; PRAGMA journal_size_limit={WalSizeLimit};")
    {
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _checkpoint = Prepare("PRAGMA wal_checkpoint(PASSIVE)");
        _insertBrokeredToken = Prepare(
            """
            INSERT INTO "BrokeredTokens" ("TokenIdHash", "AppId", "EndpointId", "RoleId", "CreateTime", "ExpiryTime", "ActivatedAt")
            VALUES ($hash, $app, $endpoint, $role, $create, $expiry, NULL)
            """,
            "$hash", "$app", "$endpoint", "$role", "$create", "$expiry");
        _touchEndpoint = Prepare(
            """
            INSERT INTO "Endpoints" ("AppId", "EndpointId", "FirstSeenAt", "LastTokenAt") VALUES ($app, $endpoint, $at, $at)
            ON CONFLICT ("AppId", "EndpointId") DO UPDATE SET "LastTokenAt" =
              CASE WHEN excluded."LastTokenAt" > "Endpoints"."LastTokenAt" THEN excluded."LastTokenAt" ELSE "Endpoints"."LastTokenAt" END
            """,
            "$app", "$endpoint", "$at");
        _activate = Prepare(
            """
            UPDATE "BrokeredTokens" SET "ActivatedAt" = $now
            WHERE "TokenIdHash" = $hash AND "ActivatedAt" IS NULL AND "CreateTime" > $since AND "ExpiryTime" > $now
              AND ($app IS NULL OR "AppId" = $app)
            RETURNING "AppId", "EndpointId", "RoleId", "ExpiryTime"
            """,
            "$now", "$hash", "$since", "$app");
        _insertRefreshFamily = Prepare(
            """
            INSERT INTO "RefreshFamilies" ("Id", "AppId", "UserId", "CreatedAt", "RevokedAt") VALUES ($id, $app, $user, $created, NULL)
            """,
            "$id", "$app", "$user", "$created");

        // What a refresh grant decides on: the token and its user's membership of the redeeming app.
        // Read in the write that consumes the token, on this connection: its page cache stays warm,
        // where a reader's is reset by every commit since its last read.
        _refreshGrant = Prepare(
            $"""
            SELECT {RefreshGrantRows.TokenColumns}, {RefreshGrantRows.MemberColumns}
            FROM {RefreshGrantRows.TokenSource}
              LEFT JOIN "Memberships" AS m ON m."AppId" = $app AND m."UserId" = t."UserId"
              LEFT JOIN "Users" AS u ON u."Id" = m."UserId"
            WHERE t."TokenHash" = $hash
            """,
            "$hash", "$app");
        _consumeRefreshToken = Prepare(
            """
            UPDATE "RefreshTokens" SET "ConsumedAt" = $now
            WHERE "TokenHash" = $hash AND "ConsumedAt" IS NULL AND "ExpiresAt" > $now AND "AppId" = $app
              AND NOT EXISTS (SELECT 1 FROM "RefreshFamilies" AS f WHERE f."Id" = "RefreshTokens"."FamilyId" AND f."RevokedAt" IS NOT NULL)
            """,
            "$now", "$hash", "$app");
        _insertRefreshToken = Prepare(
            """
            INSERT INTO "RefreshTokens" ("TokenHash", "FamilyId", "AppId", "UserId", "Scope", "AuthTime", "CreatedAt", "ExpiresAt",
              "ConsumedAt", "AccessTokenJti", "AccessTokenExpiresAt")
            VALUES ($hash, $family, $app, $user, $scope, $auth, $created, $expires, NULL, $jti, $accessExpires)
            """,
            "$hash", "$family", "$app", "$user", "$scope", "$auth", "$created", "$expires", "$jti", "$accessExpires");

        // Purges take the oldest expired rows first, through the expiry indexes, a bounded number at a time.
        _purgeBrokeredTokens = Prepare(
            """
            DELETE FROM "BrokeredTokens" WHERE rowid IN
              (SELECT rowid FROM "BrokeredTokens" WHERE "ExpiryTime" < $before ORDER BY "ExpiryTime" LIMIT $limit)
            """,
            "$before", "$limit");

        // A family ends with its one unconsumed token (a consume and its successor's insert are one
        // write), which expires after every consumed one of the family (each successor is issued
        // later). When that last token goes, no token of the family can be redeemed again.
        _purgeRefreshFamilies = Prepare(
            """
            DELETE FROM "RefreshFamilies" WHERE "Id" IN
              (SELECT "FamilyId" FROM "RefreshTokens" WHERE "ConsumedAt" IS NULL AND rowid IN
                (SELECT rowid FROM "RefreshTokens" WHERE "ExpiresAt" < $before ORDER BY "ExpiresAt" LIMIT $limit))
            """,
            "$before", "$limit");
        _purgeRefreshTokens = Prepare(
            """
            DELETE FROM "RefreshTokens" WHERE rowid IN
              (SELECT rowid FROM "RefreshTokens" WHERE "ExpiresAt" < $before ORDER BY "ExpiresAt" LIMIT $limit)
            """,
            "$before", "$limit");
    }

    /// <summary>Stores a brokered tokenId and records (or refreshes) its endpoint; false when its app no longer exists.</summary>
    public bool InsertBrokeredToken(BrokeredToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            Execute(_insertBrokeredToken, token.TokenIdHash, token.AppId, token.EndpointId, token.RoleId, ToColumn(token.CreateTime), ToColumn(token.ExpiryTime));
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ForeignKeyViolation)
        {
            return false;
        }

        Execute(_touchEndpoint, token.AppId, token.EndpointId, ToColumn(token.CreateTime));
        return true;
    }

    /// <summary>
    /// Activates a tokenId if it is unused, within its activation window, unexpired and (when
    /// <paramref name="appId"/> is given) of that app; null otherwise. One statement decides.
    /// </summary>
    public ActivatedToken? Activate(byte[] tokenIdHash, string? appId, DateTimeOffset activatableSince, DateTimeOffset now)
    {
        Bind(_activate, ToColumn(now), tokenIdHash, ToColumn(activatableSince), appId);
        using var reader = _activate.ExecuteReader();
        return reader.Read()
            ? new ActivatedToken(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromColumn(reader.GetInt64(3)))
            : null;
    }

    /// <summary>Starts the refresh-token family of a redeemed authorization code.</summary>
    public void InsertRefreshFamily(RefreshFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        Execute(_insertRefreshFamily, family.Id, family.AppId, family.UserId, ToColumn(family.CreatedAt));
    }

    /// <summary>
    /// The refresh token (as <see cref="StoreReader.FindRefreshToken"/>) and its user's membership of
    /// <paramref name="appId"/> (null when not a member); null when the token is unknown.
    /// </summary>
    public (RefreshToken Token, MemberOf? Member)? FindRefreshGrant(byte[] tokenHash, string appId)
    {
        Bind(_refreshGrant, tokenHash, appId);
        using var row = _refreshGrant.ExecuteReader();
        return row.Read() ? (RefreshGrantRows.ReadToken(row, tokenHash), RefreshGrantRows.ReadMemberAfterToken(row)) : null;
    }

    /// <summary>Marks a refresh token used if it is unused, unexpired, the app's and its family unrevoked; true when this call did.</summary>
    public bool ConsumeRefreshToken(byte[] tokenHash, string appId, DateTimeOffset now) =>
        Execute(_consumeRefreshToken, ToColumn(now), tokenHash, appId) == 1;

    public void InsertRefreshToken(RefreshToken row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Execute(
            _insertRefreshToken,
            row.TokenHash, row.FamilyId, row.AppId, row.UserId, row.Scope, ToColumn(row.AuthTime), ToColumn(row.CreatedAt),
            ToColumn(row.ExpiresAt), row.AccessTokenJti, ToColumn(row.AccessTokenExpiresAt));
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> tokenIds and up to <paramref name="limit"/> refresh
    /// tokens (with the families they end) that expired before <paramref name="before"/>.
    /// </summary>
    public PurgedRows PurgeExpired(DateTimeOffset before, int limit)
    {
        var cutoff = ToColumn(before);
        var tokenIds = Execute(_purgeBrokeredTokens, cutoff, limit);
        var families = Execute(_purgeRefreshFamilies, cutoff, limit);
        var refreshTokens = Execute(_purgeRefreshTokens, cutoff, limit);
        return new PurgedRows(tokenIds, refreshTokens, families);
    }

    internal void Begin() => _begin.ExecuteNonQuery();

    internal void Commit() => _commit.ExecuteNonQuery();

    /// <summary>Rolls back the open transaction, if SQLite has not already (it does on some errors).</summary>
    internal void Rollback()
    {
        if (!Connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0)
        {
            _rollback.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Checkpoints what is left of the WAL between two batches. With no write in progress it can
    /// copy every frame, and then the next transaction starts the log over from its beginning.
    /// </summary>
    internal void Checkpoint() => _checkpoint.ExecuteNonQuery();
}
