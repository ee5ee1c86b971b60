using System.IO.Compression;
using TokenBroker.Api.Agora;

namespace TokenBroker.Api.Tests.Agora;

/// <summary>
/// The public test vectors from Agora's AgoraDynamicKey test suites (see VENDOR-FACTS.md), plus
/// helpers to look inside "007" tokens independently of the code under test.
/// </summary>
internal static class AgoraVectors
{
    public const string AppId = "970CA35de60c44645bbae8a215061b33";
    public const string AppCertificate = "5CFd2fd1755d40ecb72977518be15d3b";
    public const string OtherCertificate = "5CFd2fd1755d40ecb72977518be15d3c";
    public const string Channel = "7d72365eb983485397e3e3f9d460bdda";
    public const string Uid = "2882341273";
    public const string RtmUser = "test_user";
    public const uint IssueTs = 1111111;
    public const uint Salt = 1;
    public const uint Expire = 600;

    public const string RtcJoinUid =
        "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj";

    public const string RtcJoinUid0 =
        "007eJxTYLhzZP08Lxa1Pg57+TcXb/3cZ3wi4V6kbpbOog0G2dOYk20UGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiQwMADacImo=";

    public const string ChatUser =
        "007eJxTYNAIsnbS3v/A5t2TC6feR15r+6cq8bqAvfaW+tk/Vzz+p6xTYLA0N3B2NDZNSTUzSDYxMTMxTUpKTLVINDI0NTAzTDI2dv8iwBDBxMDAyADCrEDMCOZzMRhZWBgZmxgamRsDAB+lHrg=";

    public const string RtmTestUser =
        "007eJxTYOCdJftjyTM2zxW6Xhm/5T0j5LdcUt/xYVt48fb5Mp3PX9coMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhJiBmBPM5GUpSi0viS4tTiwBZVh6A";

    public const string RtcPublishAndRtm =
        "007eJxTYOAQsrQ5s3TfH+1tvy8zZZ46EpCc0V43JXdGd2jS8porKo4KDJbmBs6OxqYpqWYGySYmZiamSUmJqRaJRoamBmaGScbG7l8EGCKYGBgYGRgYmIAkCxCD+ExgkhlMsoBJBQbzFHMjYzPT1CRLC2MTC1NjS/NU41TjNMsUEzODpJSURC4GIwsLI2MTQyNzY5BZEJM4GUpSi0viS4tTiwAipyp4";

    /// <summary>Inflated payload of <see cref="RtcJoinUid"/>, published as an exact byte test.</summary>
    public const string RtcJoinUidPayloadHex =
        "200016a0b84c5a5e82cbf74fb813d09f59c54bdac9c06120580539ac97578e958b1a2000393730434133356465363063343436343562626165386132313530363162333347f410005802000001000000010001000100010058020000200037643732333635656239383334383533393765336533663964343630626464610a0032383832333431323733";

    public static TheoryData<string> Names => ["RtcJoinUid", "RtcJoinUid0", "ChatUser", "RtmTestUser", "RtcPublishAndRtm"];

    /// <summary>The published token and the services it was built from.</summary>
    public static (string Token, AgoraService[] Services) Get(string name) => name switch
    {
        "RtcJoinUid" => (RtcJoinUid, [Rtc(Uid, RtcPrivilege.JoinChannel)]),
        "RtcJoinUid0" => (RtcJoinUid0, [Rtc(AgoraAccessToken2.FormatUid(0), RtcPrivilege.JoinChannel)]),
        "ChatUser" => (ChatUser, [new AgoraChatService(Uid).Grant(ChatPrivilege.User, Expire)]),
        "RtmTestUser" => (RtmTestUser, [new AgoraRtmService(RtmUser).Grant(RtmPrivilege.Login, Expire)]),
        // Given out of order on purpose: the builder must sort services by type.
        "RtcPublishAndRtm" => (RtcPublishAndRtm,
        [
            new AgoraRtmService(RtmUser).Grant(RtmPrivilege.Login, Expire),
            Rtc(Uid, RtcPrivilege.PublishDataStream, RtcPrivilege.JoinChannel,
                RtcPrivilege.PublishVideoStream, RtcPrivilege.PublishAudioStream),
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown vector."),
    };

    public static string BuildVector(string name) =>
        AgoraAccessToken2.Build(AppId, AppCertificate, IssueTs, Expire, Salt, Get(name).Services);

    /// <summary>Base64-decodes and inflates a "007" token with the BCL directly.</summary>
    public static byte[] Inflate(string token)
    {
        Assert.StartsWith("007", token, StringComparison.Ordinal);
        using var zlib = new ZLibStream(new MemoryStream(Convert.FromBase64String(token[3..])), CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Wraps arbitrary payload bytes as a "007" token, to feed crafted payloads to the parser.</summary>
    public static string Wrap(ReadOnlySpan<byte> payload)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(payload);
        }

        return "007" + Convert.ToBase64String(output.ToArray());
    }

    private static AgoraRtcService Rtc(string uid, params RtcPrivilege[] privileges)
    {
        var rtc = new AgoraRtcService(Channel, uid);
        foreach (var privilege in privileges)
        {
            rtc.Grant(privilege, Expire);
        }

        return rtc;
    }
}
