using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TokenBroker.Api.Agora;

// The random salt of every AccessToken2 (and 006) token.
public static partial class AgoraAccessToken2
{
    private const int RandomBlockBytes = 256;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_randomOffset;

    /// <summary>Same range as the vendor's builders (1..99999999), so our tokens look like theirs.</summary>
    internal static uint NewSalt()
    {
        // Uniform by rejection: 27 random bits (0..134217727), retried when 99999999 or more.
        while (true)
        {
            var value = NextRandomUInt32() & 0x07FF_FFFF;
            if (value < 99_999_999)
            {
                return value + 1;
            }
        }
    }

    /// <summary>
    /// Cryptographically random, from a per-thread block: each call into the system generator costs
    /// microseconds whatever the length, far more than building the rest of a token.
    /// </summary>
    private static uint NextRandomUInt32()
    {
        if (t_random is not { } block || t_randomOffset == RandomBlockBytes)
        {
            block = t_random ??= new byte[RandomBlockBytes];
            RandomNumberGenerator.Fill(block);
            t_randomOffset = 0;
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(t_randomOffset));
        t_randomOffset += sizeof(uint);
        return value;
    }
}
