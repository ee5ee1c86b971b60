using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>What a successful activation needs to know about its tokenId.</summary>
public sealed record ActivatedToken(string AppId, string EndpointId, string RoleId, DateTimeOffset ExpiryTime);

/// <summary>
/// The hot-path writes, as prepared statements on the <see cref="GroupCommit"/>'s own connection.
/// EF Core stays the store's model, migrations and every other query; these few statements run
/// thousands of times a second inside one transaction, where EF Core's per-entity change tracking
/// and command building cost more than SQLite's own work. The SQL is standard (INSERT … ON CONFLICT,
/// UPDATE … RETURNING) over the tables and columns the EF model maps; every statement is prepared
/// when the writer opens, so a mismatch with the schema fails at the first write, not silently.
/// Not thread-safe: only the group commit's loop uses it.
/// </summary>
public sealed class StoreWriter : IDisposable
{
    // The same conversion TokenBrokerDb configures for every DateTimeOffset on SQLite.
    private static readonly DateTimeOffsetToBinaryConverter Time = new();

    // SQLITE_CONSTRAINT_FOREIGNKEY: the row's app was deleted meanwhile.
    private const int ForeignKeyViolation = 787;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;
    private readonly SqliteCommand _insertBrokeredToken;
    private readonly SqliteCommand _touchEndpoint;
    private readonly SqliteCommand _activate;
    private readonly SqliteCommand _consumeRefreshToken;
    private readonly SqliteCommand _insertRefreshToken;

    private StoreWriter(SqliteConnection connection)
    {
        _connection = connection;
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _savepoint = Prepare("SAVEPOINT w");
        _release = Prepare("RELEASE w");
        _rollbackToSavepoint = Prepare("ROLLBACK TO w");
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
        _consumeRefreshToken = Prepare(
            """
            UPDATE "RefreshTokens" SET "ConsumedAt" = $now
            WHERE "TokenHash" = $hash AND "ConsumedAt" IS NULL AND "RevokedAt" IS NULL AND "ExpiresAt" > $now AND "AppId" = $app
            """,
            "$now", "$hash", "$app");
        _insertRefreshToken = Prepare(
            """
            INSERT INTO "RefreshTokens" ("TokenHash", "FamilyId", "AppId", "UserId", "Scope", "AuthTime", "CreatedAt", "ExpiresAt",
              "ConsumedAt", "RevokedAt", "AccessTokenJti", "AccessTokenExpiresAt")
            VALUES ($hash, $family, $app, $user, $scope, $auth, $created, $expires, NULL, NULL, $jti, $accessExpires)
            """,
            "$hash", "$family", "$app", "$user", "$scope", "$auth", "$created", "$expires", "$jti", "$accessExpires");
    }

    /// <summary>Opens the writer's connection with the broker's SQLite settings and prepares every statement.</summary>
    public static StoreWriter Open(string connectionString, string synchronous)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = $"PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0; {SqliteTuning.Pragmas(synchronous)}";
                pragmas.ExecuteNonQuery();
            }

            return new StoreWriter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
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

    /// <summary>Marks a refresh token used if it is unused, unrevoked, unexpired and the app's; true when this call did.</summary>
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

    internal void Begin() => _begin.ExecuteNonQuery();

    internal void Commit() => _commit.ExecuteNonQuery();

    /// <summary>Rolls back the open transaction, if SQLite has not already (it does on some errors).</summary>
    internal void Rollback()
    {
        if (!_connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
        {
            _rollback.ExecuteNonQuery();
        }
    }

    internal void Savepoint() => _savepoint.ExecuteNonQuery();

    internal void ReleaseSavepoint() => _release.ExecuteNonQuery();

    /// <summary>Undoes one write's statements and leaves the batch's transaction open.</summary>
    internal void RollbackToSavepoint()
    {
        _rollbackToSavepoint.ExecuteNonQuery();
        _release.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    internal static long ToColumn(DateTimeOffset value) => (long)Time.ConvertToProvider(value)!;

    internal static DateTimeOffset FromColumn(long value) => (DateTimeOffset)Time.ConvertFromProvider(value)!;

    private static int Execute(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        // Parameters need a value to prepare; the real ones are bound before each execution.
        foreach (SqliteParameter parameter in command.Parameters)
        {
            parameter.Value = DBNull.Value;
        }

        command.Prepare();
        return command;
    }
}
