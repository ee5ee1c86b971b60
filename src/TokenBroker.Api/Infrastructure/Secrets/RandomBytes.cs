using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TokenBroker.Api.Infrastructure.Secrets;

/// <summary>
/// Cryptographically secure random bytes for the hot routes, served from a per-thread block of the
/// system generator's output. Every call into the system generator costs microseconds whatever the
/// length (on Linux it goes through OpenSSL's fork check), and <see cref="Guid.NewGuid"/> reads
/// /dev/urandom with a system call each time; a request needs only 16 to 42 random bytes. Each byte
/// is handed out once and wiped from the block when it is, so the block holds only bytes not yet used.
/// </summary>
public static class RandomBytes
{
    private const int BlockBytes = 512;
    private const int LargestFromBlock = 64;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > LargestFromBlock)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var block = t_block ??= new byte[BlockBytes];
        if (t_used == 0 || BlockBytes - t_used < destination.Length)
        {
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }

        var source = block.AsSpan(t_used, destination.Length);
        source.CopyTo(destination);
        source.Clear();
        t_used = (t_used + destination.Length) % BlockBytes;
    }

    public static uint NextUInt32()
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        Fill(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>A random identifier (a JWT's <c>jti</c>, a refresh family): 128 bits as 32 lowercase hex digits.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
