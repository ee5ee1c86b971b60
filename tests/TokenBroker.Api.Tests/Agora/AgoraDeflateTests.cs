using System.IO.Compression;
using TokenBroker.Api.Agora;
using static TokenBroker.Api.Tests.Agora.AgoraVectors;

namespace TokenBroker.Api.Tests.Agora;

public sealed class AgoraDeflateTests
{
    public static TheoryData<int> Lengths => [0, 1, 2, 3, 4, 137, 258, 259, 1000, 40_000, 65_535];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Compress_RandomBytes_InflatesWithTheBcl(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        Assert.Equal(data, InflateRaw(Compress(data)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Compress_RepetitiveBytes_InflatesWithTheBclAndShrinks(int length)
    {
        // Runs copied from earlier on: exercises every match length and distances up to the window.
        var random = new Random(length);
        var data = new byte[length];
        var i = 0;
        while (i < length)
        {
            var run = Math.Min(random.Next(1, 300), length - i);
            var from = i > 0 && random.Next(4) > 0 ? i - random.Next(1, Math.Min(i, 32_768) + 1) : -1;
            for (var end = i + run; i < end; i++)
            {
                data[i] = from >= 0 ? data[from++] : (byte)random.Next(256);
            }
        }

        var compressed = Compress(data);

        Assert.Equal(data, InflateRaw(compressed));
        Assert.True(length < 1000 || compressed.Length < length * 3 / 4, $"{compressed.Length} bytes for {length}");
    }

    [Fact]
    public void Compress_TokenPayload_HasZlibDefaultHeaderAndVendorSize()
    {
        var payload = Inflate(RtcJoinUid);

        var compressed = Compress(payload);

        Assert.Equal([0x78, 0x9C], compressed[..2]);
        Assert.Equal(payload, InflateRaw(compressed));
        // No larger than the vendor's own zlib made it.
        Assert.True(compressed.Length <= Convert.FromBase64String(RtcJoinUid[3..]).Length, $"{compressed.Length} bytes");
    }

    private static byte[] Compress(byte[] data)
    {
        var output = new byte[AgoraDeflate.MaxCompressedLength(data.Length)];
        return output[..AgoraDeflate.Compress(data, output)];
    }

    private static byte[] InflateRaw(byte[] compressed)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }
}
