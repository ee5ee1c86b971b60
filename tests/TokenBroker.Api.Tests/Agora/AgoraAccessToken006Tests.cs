using System.Buffers.Binary;
using TokenBroker.Api.Agora;
using static TokenBroker.Api.Tests.Agora.AgoraVectors;

namespace TokenBroker.Api.Tests.Agora;

// 006 tokens are not compressed, so unlike 007 they can be compared as exact strings.
public sealed class AgoraAccessToken006Tests
{
    private const uint Ts = 1111111;
    private const uint PrivilegeExpire = 1446455471;

    [Theory]
    [InlineData(Uid, new[] { 1 },
        "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW")]
    [InlineData("", new[] { 1 },
        "006970CA35de60c44645bbae8a215061b33IACw1o7htY6ISdNRtku3p9tjTPi0jCKf9t49UHJhzCmL6bdIfRAAAAAAEAABAAAAR/QQAAEAAQCvKDdW")]
    [InlineData(Uid, new[] { 1, 2, 3, 4 },
        "006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW")]
    public void Build_PublishedVector_MatchesExactly(string uid, int[] privileges, string expected)
    {
        var map = privileges.ToDictionary(p => (AgoraPrivilege006)p, _ => PrivilegeExpire);

        var token = AgoraAccessToken006.Build(AppId, AppCertificate, Channel, uid, Salt, Ts, map);

        Assert.Equal(expected, token);
    }

    [Fact]
    public void BuildRtcToken_Publisher_CarriesFourPrivilegesAndDayAheadTs()
    {
        var now = new DateTimeOffset(2025, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var expiresAt = now.AddHours(2);

        var token = AgoraAccessToken006.BuildRtcToken(AppId, AppCertificate, Channel, Uid, RtcRole.Publisher, expiresAt, now);

        var (ts, privileges) = ReadMessage(token);
        Assert.Equal((uint)now.AddHours(24).ToUnixTimeSeconds(), ts);
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, privileges.Keys);
        Assert.All(privileges.Values, v => Assert.Equal((uint)expiresAt.ToUnixTimeSeconds(), v));
    }

    [Fact]
    public void BuildRtmToken_User_CarriesRtmLoginPrivilege()
    {
        var now = new DateTimeOffset(2025, 11, 23, 12, 0, 0, TimeSpan.Zero);

        var token = AgoraAccessToken006.BuildRtmToken(AppId, AppCertificate, RtmUser, now.AddHours(1), now);

        var (_, privileges) = ReadMessage(token);
        Assert.Equal((uint)now.AddHours(1).ToUnixTimeSeconds(), Assert.Single(privileges, p => p.Key == 1000).Value);
    }

    [Fact]
    public void Build_InvalidAppId_Throws() =>
        Assert.Throws<ArgumentException>(() => AgoraAccessToken006.Build(
            "not-an-app-id", AppCertificate, Channel, Uid, Salt, Ts, new Dictionary<AgoraPrivilege006, uint>()));

    /// <summary>Reads ts and the privilege map out of a 006 token, independently of the builder.</summary>
    private static (uint Ts, SortedDictionary<ushort, uint> Privileges) ReadMessage(string token)
    {
        Assert.StartsWith("006" + AppId, token, StringComparison.Ordinal);
        var content = Convert.FromBase64String(token[(3 + AppId.Length)..]);
        // str(signature) | u32 crc(channel) | u32 crc(uid) | str(m), and m = u32 salt | u32 ts | map.
        var m = content.AsSpan(2 + 32 + 4 + 4 + 2);
        var ts = BinaryPrimitives.ReadUInt32LittleEndian(m[4..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(m[8..]);
        var privileges = new SortedDictionary<ushort, uint>();
        for (var i = 0; i < count; i++)
        {
            var entry = m.Slice(10 + (i * 6), 6);
            privileges.Add(BinaryPrimitives.ReadUInt16LittleEndian(entry), BinaryPrimitives.ReadUInt32LittleEndian(entry[2..]));
        }

        return (ts, privileges);
    }
}
