using Microsoft.Data.Sqlite;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// How the prepared statements read a refresh token (with its family's revocation) and a user's
/// membership: the columns, their source, and the rows they make. <see cref="StoreReader"/> reads
/// them on their own; <see cref="StoreWriter"/> reads both inside the write that redeems the token.
/// </summary>
internal static class RefreshGrantRows
{
    public const string TokenColumns =
        """
        t."FamilyId", t."AppId", t."UserId", t."Scope", t."AuthTime", t."CreatedAt", t."ExpiresAt", t."ConsumedAt", f."RevokedAt",
          t."AccessTokenJti", t."AccessTokenExpiresAt"
        """;

    public const string TokenSource =
        """
        "RefreshTokens" AS t LEFT JOIN "RefreshFamilies" AS f ON f."Id" = t."FamilyId"
        """;

    public const string MemberColumns = """m."RoleId", u."Id", u."Email", u."Type", u."DisplayName" """;

    private const int TokenColumnCount = 11;

    public static RefreshToken ReadToken(SqliteDataReader row, byte[] tokenHash) => new()
    {
        TokenHash = tokenHash,
        FamilyId = row.GetString(0),
        AppId = row.GetString(1),
        UserId = row.GetString(2),
        Scope = row.GetString(3),
        AuthTime = PreparedStatements.FromColumn(row.GetInt64(4)),
        CreatedAt = PreparedStatements.FromColumn(row.GetInt64(5)),
        ExpiresAt = PreparedStatements.FromColumn(row.GetInt64(6)),
        ConsumedAt = PreparedStatements.FromNullableColumn(row, 7),
        RevokedAt = PreparedStatements.FromNullableColumn(row, 8),
        AccessTokenJti = row.GetString(9),
        AccessTokenExpiresAt = PreparedStatements.FromColumn(row.GetInt64(10)),
    };

    /// <summary>The membership read after <see cref="TokenColumns"/> (null when the join found none).</summary>
    public static MemberOf? ReadMemberAfterToken(SqliteDataReader row) =>
        row.IsDBNull(TokenColumnCount) ? null : ReadMember(row, TokenColumnCount);

    public static MemberOf ReadMember(SqliteDataReader row, int first) =>
        new(row.GetString(first), new GrantUser(row.GetString(first + 1), row.GetString(first + 2), row.GetString(first + 3), row.IsDBNull(first + 4) ? null : row.GetString(first + 4)));
}
