using System.Buffers.Text;
using System.Text;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>A page of a list: <c>{"items": [...], "next": cursor-or-null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Keyset pagination over string ids; the cursor is opaque to clients.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Reads <c>limit</c> and <c>after</c>; records a field error when either is malformed.</summary>
    public static (int Limit, string? After) Read(int? limit, string? after, RequestValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.Range("limit", limit, 1, MaxLimit);
        string? afterId = null;
        if (after is not null && !TryDecode(after, out afterId))
        {
            validator.Add("after", "is not a cursor this API returned.");
        }

        return (limit ?? DefaultLimit, afterId);
    }

    /// <summary>Builds a page from up to limit + 1 rows fetched in key order.</summary>
    public static Page<TOut> ToPage<TIn, TOut>(List<TIn> rows, int limit, Func<TIn, string> key, Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(map).ToList();
        var next = hasMore ? Encode(key(rows[limit - 1])) : null;
        return new Page<TOut>(items, next);
    }

    private static string Encode(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    private static bool TryDecode(string cursor, out string? id)
    {
        id = null;
        if (cursor.Length is 0 or > 512)
        {
            return false;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (Base64Url.DecodeFromChars(cursor, buffer, out var consumed, out var written) != System.Buffers.OperationStatus.Done || consumed != cursor.Length)
        {
            return false;
        }

        id = Encoding.UTF8.GetString(buffer, 0, written);
        return id.Length is > 0 and <= 255 && !RequestValidator.HasControlCharacters(id);
    }
}
