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
    private readonly SqliteCommand _refreshToken;
    private readonly SqliteCommand _member;

    public StoreReader(StoreConnection store)
        : base(store, "PRAGMA query_only=ON;")
    {
        _refreshToken = Prepare(
            """
            SELECT t."FamilyId", t."AppId", t."UserId", t."Scope", t."AuthTime", t."CreatedAt", t."ExpiresAt", t."ConsumedAt", f."RevokedAt",
              t."AccessTokenJti", t."AccessTokenExpiresAt"
            FROM "RefreshTokens" AS t LEFT JOIN "RefreshFamilies" AS f ON f."Id" = t."FamilyId"
            WHERE t."TokenHash" = $hash
            """,
            "$hash");
        _member = Prepare(
            """
            SELECT m."RoleId", u."Id", u."Email", u."Type", u."DisplayName"
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
        return row.Read()
            ? new RefreshToken
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
            }
            : null;
    }

    public MemberOf? FindMember(string appId, string userId)
    {
        Bind(_member, appId, userId);
        using var row = _member.ExecuteReader();
        return row.Read()
            ? new MemberOf(row.GetString(0), new GrantUser(row.GetString(1), row.GetString(2), row.GetString(3), row.IsDBNull(4) ? null : row.GetString(4)))
            : null;
    }
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
