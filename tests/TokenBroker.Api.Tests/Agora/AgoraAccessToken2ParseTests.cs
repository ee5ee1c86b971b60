using System.Text;
using TokenBroker.Api.Agora;
using static TokenBroker.Api.Tests.Agora.AgoraVectors;

namespace TokenBroker.Api.Tests.Agora;

// Tokens arrive from clients, so every malformed shape must come back as false, never as an exception.
public sealed class AgoraAccessToken2ParseTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("007")]
    [InlineData("007!!!")]
    [InlineData("007AAAA")]
    [InlineData("007 ")]
    [InlineData("007eJw=")]
    [InlineData("006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW")]
    [InlineData("eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN")]
    public void TryParse_Garbage_ReturnsFalse(string? token)
    {
        Assert.False(AgoraAccessToken2.TryParse(token, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void TryParse_Base64ThatIsNotZlib_ReturnsFalse()
    {
        var token = "007" + Convert.ToBase64String(Encoding.ASCII.GetBytes("definitely not a zlib stream"));

        Assert.False(AgoraAccessToken2.TryParse(token, out _));
    }

    [Fact]
    public void TryParse_EveryTruncationOfTokenString_ReturnsFalse()
    {
        for (var length = 0; length < RtcJoinUid.Length; length++)
        {
            Assert.False(AgoraAccessToken2.TryParse(RtcJoinUid[..length], out _), $"prefix of {length} chars parsed");
        }
    }

    [Theory]
    [MemberData(nameof(AgoraVectors.Names), MemberType = typeof(AgoraVectors))]
    public void TryParse_EveryTruncationOfPayload_ReturnsFalse(string name)
    {
        // Well-formed zlib around a short payload exercises the unpacker's bounds checks, not the inflater's.
        var payload = Inflate(Get(name).Token);
        for (var length = 0; length < payload.Length; length++)
        {
            Assert.False(AgoraAccessToken2.TryParse(Wrap(payload.AsSpan(0, length)), out _), $"payload prefix {length} parsed");
        }
    }

    [Fact]
    public void TryParse_ZlibChecksumAltered_ReturnsFalse()
    {
        var compressed = Convert.FromBase64String(RtcJoinUid[3..]);
        compressed[^1] ^= 0x01;

        Assert.False(AgoraAccessToken2.TryParse("007" + Convert.ToBase64String(compressed), out _));
    }

    [Fact]
    public void TryParse_PayloadWithTrailingByte_ReturnsFalse()
    {
        byte[] payload = [.. Inflate(RtcJoinUid), 0x00];

        Assert.False(AgoraAccessToken2.TryParse(Wrap(payload), out _));
    }

    [Fact]
    public void TryParse_UnknownServiceType_ReturnsFalse()
    {
        // Service type sits right after the u16 service count at offset 34 + 2 + 32 + 12 + 2.
        var payload = Inflate(RtcJoinUid);
        payload[82] = 3;

        Assert.False(AgoraAccessToken2.TryParse(Wrap(payload), out _));
    }

    [Fact]
    public void TryParse_ShortSignature_ReturnsFalse()
    {
        var payload = Inflate(RtcJoinUid);
        payload[0] = 31;

        Assert.False(AgoraAccessToken2.TryParse(Wrap(payload), out _));
    }

    [Fact]
    public void TryParse_ZlibBomb_ReturnsFalse()
    {
        // 1 MiB of zeros compresses to about a kilobyte, well within the token length cap.
        var token = Wrap(new byte[1024 * 1024]);

        Assert.False(AgoraAccessToken2.TryParse(token, out _));
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            // Half raw garbage, half garbage that at least inflates.
            var token = i % 2 == 0 ? "007" + Convert.ToBase64String(bytes) : Wrap(bytes);

            Assert.False(AgoraAccessToken2.TryParse(token, out _));
        }
    }
}
