using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>A signed-in user as a grant needs them: who, how to reach them, what kind.</summary>
public sealed record GrantUser(string Id, string Email, string Type, string? DisplayName);

/// <summary>A user's membership of an app: their role there, and the user.</summary>
public sealed record MemberOf(string RoleId, GrantUser User);

/// <summary>
/// The hot-path reads of the refresh grant, as prepared statements (see <see cref="PreparedStatements"/>).
/// The connection is read-only (<c>query_only</c>). Rent one from <see cref="StoreReaders"/>.
/// </summary>
public sealed class StoreReader : PreparedStatements
{
    private const string RefreshTokenColumns =
        """
        t."FamilyId", t."AppId", t."UserId", t."Scope", t."AuthTime", t."CreatedAt", t."ExpiresAt", t."ConsumedAt", f."RevokedAt",
          t."AccessTokenJti", t."AccessTokenExpiresAt"
        """;

    private const string RefreshTokenSource =
        """
        "RefreshTokens" AS t LEFT JOIN "RefreshFamilies" AS f ON f."Id" = t."FamilyId"
        """;

    private const int RefreshTokenColumnCount = 11;

    private const string MemberColumns = """m."RoleId", u."Id", u."Email", u."Type", u."DisplayName" """;

    private readonly SqliteCommand _refreshToken;
    private readonly SqliteCommand _refreshGrant;
    private readonly SqliteCommand _member;

    public StoreReader(StoreConnection store)
        : base(store, "PRAGMA query_only=ON;")
    {
        _refreshToken = Prepare($"""SELECT {RefreshTokenColumns} FROM {RefreshTokenSource} WHERE t."TokenHash" = $hash""", "$hash");

        // The token and its user's membership of the redeeming app, in one statement (one read transaction).
        _refreshGrant = Prepare(
            $"""
            SELECT {RefreshTokenColumns}, {MemberColumns}
            FROM {RefreshTokenSource}
              LEFT JOIN "Memberships" AS m ON m."AppId" = $app AND m."UserId" = t."UserId"
              LEFT JOIN "Users" AS u ON u."Id" = m."UserId"
            WHERE t."TokenHash" = $hash
            """,
            "$hash", "$app");
        _member = Prepare(
            $"""
            SELECT {MemberColumns}
            FROM "Memberships" AS m JOIN "Users" AS u ON u."Id" = m."UserId"
            WHERE m."AppId" = $app AND m."UserId" = $user
            """,
            "$app", "$user");
    }

    /// <summary>The token, with its family's revocation time as <see cref="RefreshToken.RevokedAt"/>; null when unknown.</summary>
    public RefreshToken? FindRefreshToken(byte[] tokenHash)
    {
        Bind(_refreshToken, tokenHash);
        using var row = _refreshToken.ExecuteReader();
        return row.Read() ? ReadRefreshToken(row, tokenHash) : null;
    }

    /// <summary>
    /// What a refresh grant reads: the token (as <see cref="FindRefreshToken"/>) and its user's
    /// membership of <paramref name="appId"/> (null when not a member); null when the token is unknown.
    /// </summary>
    public (RefreshToken Token, MemberOf? Member)? FindRefreshGrant(byte[] tokenHash, string appId)
    {
        Bind(_refreshGrant, tokenHash, appId);
        using var row = _refreshGrant.ExecuteReader();
        return row.Read() ? (ReadRefreshToken(row, tokenHash), row.IsDBNull(RefreshTokenColumnCount) ? null : ReadMember(row, RefreshTokenColumnCount)) : null;
    }

    public MemberOf? FindMember(string appId, string userId)
    {
        Bind(_member, appId, userId);
        using var row = _member.ExecuteReader();
        return row.Read() ? ReadMember(row, 0) : null;
    }

    private static RefreshToken ReadRefreshToken(SqliteDataReader row, byte[] tokenHash) => new()
    {
        TokenHash = tokenHash,
        FamilyId = row.GetString(0),
        AppId = row.GetString(1),
        UserId = row.GetString(2),
        Scope = row.GetString(3),
        AuthTime = FromColumn(row.GetInt64(4)),
        CreatedAt = FromColumn(row.GetInt64(5)),
        ExpiresAt = FromColumn(row.GetInt64(6)),
        ConsumedAt = FromNullableColumn(row, 7),
        RevokedAt = FromNullableColumn(row, 8),
        AccessTokenJti = row.GetString(9),
        AccessTokenExpiresAt = FromColumn(row.GetInt64(10)),
    };

    private static MemberOf ReadMember(SqliteDataReader row, int first) =>
        new(row.GetString(first), new GrantUser(row.GetString(first + 1), row.GetString(first + 2), row.GetString(first + 3), row.IsDBNull(first + 4) ? null : row.GetString(first + 4)));
}

/// <summary>A pool of <see cref="StoreReader"/>s, one per concurrent read; opened on first use.</summary>
public sealed class StoreReaders(StoreConnection store) : IDisposable
{
    private const int MaxIdle = 32;

    private readonly ConcurrentBag<StoreReader> _idle = [];

    public T Read<T>(Func<StoreReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var reader = _idle.TryTake(out var idle) ? idle : new StoreReader(store);
        try
        {
            return read(reader);
        }
        finally
        {
            if (_idle.Count < MaxIdle)
            {
                _idle.Add(reader);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }
}
