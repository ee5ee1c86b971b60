using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Identifiers: UUIDv7 strings (RFC 9562 §5.7) that sort in creation order, so lists page by key.
/// Within one millisecond a 12-bit counter keeps them increasing (RFC 9562 §6.2, method 1), which
/// <see cref="Guid.CreateVersion7()"/> does not promise.
/// </summary>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        long milliseconds;
        int counter;
        lock (Gate)
        {
            milliseconds = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds && _counter < 0xFFF)
            {
                _counter++;
            }
            else
            {
                // A new millisecond (or a spent counter, which borrows the next one) restarts low,
                // leaving room to count up.
                milliseconds = milliseconds == _lastMilliseconds ? milliseconds + 1 : milliseconds;
                _counter = RandomNumberGenerator.GetInt32(0x400);
            }

            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], (ushort)(0x7000 | counter));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }
}

public static class Emails
{
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToUpperInvariant();
    }
}
