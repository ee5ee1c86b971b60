using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using TokenBroker.Api.Infrastructure.Store.Entities;
using static TokenBroker.Api.Infrastructure.Store.RefreshGrantRows;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>A signed-in user as a grant needs them: who, how to reach them, what kind.</summary>
public sealed record GrantUser(string Id, string Email, string Type, string? DisplayName);

/// <summary>A user's membership of an app: their role there, and the user.</summary>
public sealed record MemberOf(string RoleId, GrantUser User);

/// <summary>
/// Prepared reads of refresh tokens and memberships outside a write (see <see cref="PreparedStatements"/>).
/// The connection is read-only (<c>query_only</c>). Rent one from <see cref="StoreReaders"/>. The
/// refresh grant itself reads inside its write (<see cref="StoreWriter.FindRefreshGrant"/>).
/// </summary>
public sealed class StoreReader : PreparedStatements
{
    private readonly SqliteCommand _refreshToken;
    private readonly SqliteCommand _member;

    public StoreReader(StoreConnection store)
        : base(store, "PRAGMA query_only=ON;")
    {
        _refreshToken = Prepare($"""SELECT {TokenColumns} FROM {TokenSource} WHERE t."TokenHash" = $hash""", "$hash");
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
        return row.Read() ? ReadToken(row, tokenHash) : null;
    }

    public MemberOf? FindMember(string appId, string userId)
    {
        Bind(_member, appId, userId);
        using var row = _member.ExecuteReader();
        return row.Read() ? ReadMember(row, 0) : null;
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
