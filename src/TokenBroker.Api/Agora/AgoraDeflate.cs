using System.Buffers.Binary;
using System.Numerics;

namespace TokenBroker.Api.Agora;

/// <summary>
/// A small zlib encoder for AccessToken2 payloads (a few hundred bytes). Any zlib reader inflates
/// its output; the bytes need not equal another encoder's, since the signature covers the payload,
/// not the compressed form. A <see cref="System.IO.Compression.ZLibStream"/> sets up and clears
/// hundreds of KiB of native state per stream, which costs more than compressing a token; this
/// needs only a small hash table on the stack: greedy LZ77 matching (RFC 1951 §4) and one block
/// with the fixed Huffman codes (RFC 1951 §3.2.6).
/// </summary>
internal static class AgoraDeflate
{
    private const int MinMatch = 3;
    private const int MaxMatch = 258;
    private const int MaxDistance = 32768;
    private const int HashBits = 10;

    /// <summary>The most bytes <see cref="Compress"/> writes for <paramref name="length"/> input bytes.</summary>
    public static int MaxCompressedLength(int length) =>
        // Header, at most 9 bits per literal, the block's 3 header bits and end code, Adler-32.
        2 + (length * 9 / 8) + 3 + 4;

    /// <summary>Writes <paramref name="data"/> as a zlib stream into <paramref name="output"/>; returns the bytes written.</summary>
    public static int Compress(ReadOnlySpan<byte> data, Span<byte> output)
    {
        if (output.Length < MaxCompressedLength(data.Length))
        {
            throw new ArgumentException("The output buffer is too small.", nameof(output));
        }

        // RFC 1950 §2.2: deflate with a 32 KiB window, the "default" level flag, FCHECK making it a multiple of 31.
        output[0] = 0x78;
        output[1] = 0x9C;
        var bits = new BitWriter(output[2..]);
        bits.Write(0b011, 3); // BFINAL = 1, BTYPE = 01 (fixed Huffman codes)

        Span<int> head = stackalloc int[1 << HashBits];
        head.Fill(-1);
        var i = 0;
        while (i < data.Length)
        {
            var length = 0;
            var distance = 0;
            if (i + MinMatch <= data.Length)
            {
                var slot = Hash(data[i..]);
                var candidate = head[slot];
                head[slot] = i;
                if (candidate >= 0 && i - candidate <= MaxDistance)
                {
                    length = MatchLength(data, candidate, i);
                    distance = i - candidate;
                }
            }

            if (length < MinMatch)
            {
                WriteLiteral(ref bits, data[i]);
                i++;
                continue;
            }

            WriteLength(ref bits, length);
            WriteDistance(ref bits, distance);
            // Index the positions the match covers so later matches can refer back into it.
            var end = Math.Min(i + length, data.Length - MinMatch + 1);
            for (var j = i + 1; j < end; j++)
            {
                head[Hash(data[j..])] = j;
            }

            i += length;
        }

        WriteSymbol(ref bits, 256); // end of block
        var written = 2 + bits.Flush();
        BinaryPrimitives.WriteUInt32BigEndian(output[written..], AgoraChecksums.Adler32(data));
        return written + 4;
    }

    private static int Hash(ReadOnlySpan<byte> at) =>
        (int)(((uint)(at[0] | (at[1] << 8) | (at[2] << 16)) * 2654435761u) >> (32 - HashBits));

    private static int MatchLength(ReadOnlySpan<byte> data, int from, int at)
    {
        var max = Math.Min(MaxMatch, data.Length - at);
        return data.Slice(from, max).CommonPrefixLength(data.Slice(at, max));
    }

    private static void WriteLiteral(ref BitWriter bits, byte value) => WriteSymbol(ref bits, value);

    /// <summary>RFC 1951 §3.2.5: length symbols 257..285, each followed by its extra bits.</summary>
    private static void WriteLength(ref BitWriter bits, int length)
    {
        if (length == MaxMatch)
        {
            WriteSymbol(ref bits, 285);
            return;
        }

        var value = length - MinMatch;
        if (value < 8)
        {
            WriteSymbol(ref bits, 257 + value);
            return;
        }

        var extra = BitOperations.Log2((uint)value) - 2;
        WriteSymbol(ref bits, 257 + (4 * (extra + 1)) + (value >> extra) - 4);
        bits.Write((uint)value & ((1u << extra) - 1), extra);
    }

    /// <summary>RFC 1951 §3.2.5: distance symbols 0..29 (5-bit fixed codes), each followed by its extra bits.</summary>
    private static void WriteDistance(ref BitWriter bits, int distance)
    {
        var value = distance - 1;
        if (value < 4)
        {
            bits.WriteReversed((uint)value, 5);
            return;
        }

        var extra = BitOperations.Log2((uint)value) - 1;
        bits.WriteReversed((uint)((2 * (extra + 1)) + (value >> extra) - 2), 5);
        bits.Write((uint)value & ((1u << extra) - 1), extra);
    }

    /// <summary>RFC 1951 §3.2.6: the fixed literal/length code.</summary>
    private static void WriteSymbol(ref BitWriter bits, int symbol)
    {
        switch (symbol)
        {
            case < 144:
                bits.WriteReversed((uint)(0x30 + symbol), 8);
                break;
            case < 256:
                bits.WriteReversed((uint)(0x190 + symbol - 144), 9);
                break;
            case < 280:
                bits.WriteReversed((uint)(symbol - 256), 7);
                break;
            default:
                bits.WriteReversed((uint)(0xC0 + symbol - 280), 8);
                break;
        }
    }

    /// <summary>RFC 1951 §3.1.1: bits fill bytes from the least significant end; Huffman codes go most significant bit first.</summary>
    private ref struct BitWriter(Span<byte> output)
    {
        private readonly Span<byte> _output = output;
        private ulong _pending;
        private int _count;
        private int _written;

        public void Write(uint value, int count)
        {
            _pending |= (ulong)value << _count;
            _count += count;
            while (_count >= 8)
            {
                _output[_written++] = (byte)_pending;
                _pending >>= 8;
                _count -= 8;
            }
        }

        public void WriteReversed(uint code, int count) =>
            Write(ReverseBits(code) >> (32 - count), count);

        /// <summary>Writes the last partial byte; returns the bytes written.</summary>
        public int Flush()
        {
            if (_count > 0)
            {
                _output[_written++] = (byte)_pending;
            }

            return _written;
        }

        private static uint ReverseBits(uint value)
        {
            value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
            value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
            value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
            return BinaryPrimitives.ReverseEndianness(value);
        }
    }
}
