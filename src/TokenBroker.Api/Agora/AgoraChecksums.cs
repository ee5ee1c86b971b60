namespace TokenBroker.Api.Agora;

/// <summary>
/// The two checksums the token formats need, written here because System.IO.Hashing would be an
/// extra package for a few lines of code.
/// </summary>
internal static class AgoraChecksums
{
    private const uint Crc32Polynomial = 0xEDB88320;
    private const uint AdlerModulus = 65521;
    private const int AdlerChunk = 5552;

    private static readonly uint[] Crc32Table = CreateCrc32Table();

    /// <summary>CRC-32 (IEEE 802.3, reflected), as zlib's crc32(); 006 tokens carry it for channel and uid.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = Crc32Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>Adler-32 (RFC 1950 §8.2), the trailer of every zlib stream.</summary>
    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            // Sums cannot overflow 32 bits within this many bytes (zlib's NMAX), so reduce once per chunk.
            var chunk = data[..Math.Min(data.Length, AdlerChunk)];
            foreach (var value in chunk)
            {
                a += value;
                b += a;
            }

            a %= AdlerModulus;
            b %= AdlerModulus;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }

    private static uint[] CreateCrc32Table()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            var c = n;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? Crc32Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
