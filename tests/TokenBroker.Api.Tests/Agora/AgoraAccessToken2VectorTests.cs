using TokenBroker.Api.Agora;
using static TokenBroker.Api.Tests.Agora.AgoraVectors;

namespace TokenBroker.Api.Tests.Agora;

// zlib output differs between implementations, so tokens are compared by inflated payload, never as strings.
public sealed class AgoraAccessToken2VectorTests
{
    [Theory]
    [MemberData(nameof(AgoraVectors.Names), MemberType = typeof(AgoraVectors))]
    public void Build_PublishedVector_InflatesToPublishedPayload(string name)
    {
        var built = BuildVector(name);

        Assert.Equal(Convert.ToHexString(Inflate(Get(name).Token)), Convert.ToHexString(Inflate(built)));
    }

    [Fact]
    public void Build_RtcJoinVector_InflatesToPublishedPayloadHex()
    {
        var payload = Inflate(BuildVector("RtcJoinUid"));

        Assert.Equal(138, payload.Length);
        Assert.Equal(RtcJoinUidPayloadHex, Convert.ToHexString(payload), ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(AgoraVectors.Names), MemberType = typeof(AgoraVectors))]
    public void Verify_PublishedVector_AcceptsItsCertificate(string name)
    {
        Assert.True(AgoraAccessToken2.TryParse(Get(name).Token, out var parsed));

        Assert.True(AgoraAccessToken2.Verify(parsed, AppCertificate));
        Assert.Equal(AppId, parsed.AppId);
        Assert.Equal(IssueTs, parsed.IssueTs);
        Assert.Equal(Expire, parsed.ExpireSeconds);
        Assert.Equal(Salt, parsed.Salt);
    }

    [Theory]
    [MemberData(nameof(AgoraVectors.Names), MemberType = typeof(AgoraVectors))]
    public void Verify_PublishedVector_RejectsOtherCertificate(string name)
    {
        Assert.True(AgoraAccessToken2.TryParse(Get(name).Token, out var parsed));

        Assert.False(AgoraAccessToken2.Verify(parsed, OtherCertificate));
    }

    [Theory]
    [MemberData(nameof(AgoraVectors.Names), MemberType = typeof(AgoraVectors))]
    public void Verify_VectorWithAnyInfoByteFlipped_Fails(string name)
    {
        var payload = Inflate(Get(name).Token);

        // Bytes 0..33 are the signature's length and value; everything after is signed info.
        for (var i = 34; i < payload.Length; i++)
        {
            var tampered = (byte[])payload.Clone();
            tampered[i] ^= 0x01;
            if (AgoraAccessToken2.TryParse(Wrap(tampered), out var parsed))
            {
                Assert.False(AgoraAccessToken2.Verify(parsed, AppCertificate), $"byte {i} flipped still verifies");
            }
        }
    }

    [Fact]
    public void Verify_VectorWithSignatureByteFlipped_Fails()
    {
        var payload = Inflate(RtcJoinUid);
        payload[10] ^= 0x80;

        Assert.True(AgoraAccessToken2.TryParse(Wrap(payload), out var parsed));
        Assert.False(AgoraAccessToken2.Verify(parsed, AppCertificate));
    }

    [Fact]
    public void Verify_VectorWithLongerExpire_Fails()
    {
        // The attack that matters: stretch the lifetime (offset 34 + 2 + 32 appId + 4 issueTs).
        var payload = Inflate(RtcJoinUid);
        payload[72] = 0xFF;

        Assert.True(AgoraAccessToken2.TryParse(Wrap(payload), out var parsed));
        Assert.NotEqual(Expire, parsed.ExpireSeconds);
        Assert.False(AgoraAccessToken2.Verify(parsed, AppCertificate));
    }

    [Fact]
    public void TryParse_RtcJoinVector_ExposesChannelUidAndPrivilege()
    {
        Assert.True(AgoraAccessToken2.TryParse(RtcJoinUid, out var parsed));

        var rtc = Assert.IsType<AgoraRtcService>(Assert.Single(parsed.Services));
        Assert.Equal(Channel, rtc.ChannelName);
        Assert.Equal(Uid, rtc.Uid);
        Assert.Equal(Expire, Assert.Single(rtc.Privileges, p => p.Key == (ushort)RtcPrivilege.JoinChannel).Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(IssueTs + Expire), parsed.ExpiresAt);
    }

    [Fact]
    public void TryParse_RtcPublishAndRtmVector_ExposesBothServicesInTypeOrder()
    {
        Assert.True(AgoraAccessToken2.TryParse(RtcPublishAndRtm, out var parsed));

        Assert.Equal([AgoraServiceType.Rtc, AgoraServiceType.Rtm], parsed.Services.Select(s => s.Type));
        Assert.Equal([1, 2, 3, 4], parsed.GetService<AgoraRtcService>()!.Privileges.Keys.Select(k => (int)k));
        Assert.Equal(RtmUser, parsed.GetService<AgoraRtmService>()!.UserId);
        Assert.Null(parsed.GetService<AgoraChatService>());
    }

    [Fact]
    public void TryParse_ChatVector_ExposesUserPrivilege()
    {
        Assert.True(AgoraAccessToken2.TryParse(ChatUser, out var parsed));

        var chat = Assert.IsType<AgoraChatService>(Assert.Single(parsed.Services));
        Assert.Equal(Uid, chat.UserId);
        Assert.Equal((ushort)ChatPrivilege.User, Assert.Single(chat.Privileges).Key);
    }
}
