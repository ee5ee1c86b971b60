using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Api.Infrastructure.Secrets;

/// <summary>A credential as handed out, and the key its row is stored and looked up under.</summary>
public readonly record struct IssuedSecret(string Value, byte[] StorageKey);

/// <summary>
/// Credentials the broker looks up by their stored form under load: tokenIds and refresh tokens.
/// The value is the prefix and base64url of a 16-byte time-ordered part (creation time in Unix
/// milliseconds, big-endian, then 80 random bits) followed by 256 random bits. The row's key is that
/// time-ordered part followed by the first 16 bytes of the value's SHA-256: a new row lands at the end of
/// its index (one page per batch instead of one random page per row, which is what the WAL and its
/// checkpoints pay for), and a lookup still needs the whole value, never just the visible part.
/// </summary>
public static class OrderedSecret
{
    public const int OrderedBytes = 16;
    private const int TimeBytes = 6;
    private const int PayloadBytes = OrderedBytes + Secret.SecretBytes;
    private const int EncodedLength = PayloadBytes * 4 / 3;

    public static IssuedSecret Create(string prefix, DateTimeOffset now)
    {
        Span<byte> payload = stackalloc byte[PayloadBytes];
        Span<byte> millis = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(millis, now.ToUnixTimeMilliseconds());
        millis[^TimeBytes..].CopyTo(payload);
        RandomBytes.Fill(payload[TimeBytes..]);
        var value = prefix + Base64Url.EncodeToString(payload);
        return new IssuedSecret(value, Key(value, payload[..OrderedBytes]));
    }

    /// <summary>
    /// The key a presented value is looked up under. A value not in this shape (one issued before
    /// tokenIds and refresh tokens were time-ordered, or anything else) is keyed by its whole SHA-256,
    /// as such rows were stored, so credentials issued before an upgrade keep working.
    /// </summary>
    public static byte[] StorageKey(string presented, string prefix)
    {
        var body = presented.AsSpan();
        Span<byte> payload = stackalloc byte[PayloadBytes];
        return body.Length == prefix.Length + EncodedLength
            && body.StartsWith(prefix, StringComparison.Ordinal)
            && Base64Url.DecodeFromChars(body[prefix.Length..], payload, out _, out var written) == OperationStatus.Done
            && written == PayloadBytes
            ? Key(presented, payload[..OrderedBytes])
            : Secret.Hash(presented);
    }

    private static byte[] Key(string value, ReadOnlySpan<byte> ordered)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        var key = new byte[OrderedBytes + SHA256.HashSizeInBytes / 2];
        ordered.CopyTo(key);
        hash[..(SHA256.HashSizeInBytes / 2)].CopyTo(key.AsSpan(OrderedBytes));
        return key;
    }
}
