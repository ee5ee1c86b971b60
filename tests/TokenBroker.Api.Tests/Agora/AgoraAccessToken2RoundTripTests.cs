using TokenBroker.Api.Agora;
using static TokenBroker.Api.Tests.Agora.AgoraVectors;

namespace TokenBroker.Api.Tests.Agora;

public sealed class AgoraAccessToken2RoundTripTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RtcRole.Publisher, new[] { 1, 2, 3, 4 })]
    [InlineData(RtcRole.Subscriber, new[] { 1 })]
    public void BuildRtcToken_Role_ParsesWithRolePrivilegesAndVerifies(RtcRole role, int[] expectedPrivileges)
    {
        var token = AgoraAccessToken2.BuildRtcToken(AppId, AppCertificate, Channel, Uid, role, 3600, 1800, Now);

        var rtc = ParseVerified(token).GetService<AgoraRtcService>()!;
        Assert.Equal(expectedPrivileges, rtc.Privileges.Keys.Select(k => (int)k));
        Assert.All(rtc.Privileges.Values, v => Assert.Equal(1800u, v));
    }

    [Theory]
    [InlineData(0u, "")]
    [InlineData(2882341273u, "2882341273")]
    [InlineData(uint.MaxValue, "4294967295")]
    public void BuildRtcToken_NumericUid_PacksUidString(uint uid, string expected)
    {
        var uidString = AgoraAccessToken2.FormatUid(uid);
        var token = AgoraAccessToken2.BuildRtcToken(AppId, AppCertificate, Channel, uidString, RtcRole.Publisher, 600, 600, Now);

        Assert.Equal(expected, uidString);
        Assert.Equal(expected, ParseVerified(token).GetService<AgoraRtcService>()!.Uid);
    }

    [Fact]
    public void BuildRtcToken_StringAccount_KeepsAccountVerbatim()
    {
        const string account = "alice@example.com/ünïcödé";
        var token = AgoraAccessToken2.BuildRtcToken(AppId, AppCertificate, "room-1", account, RtcRole.Subscriber, 600, 600, Now);

        var rtc = ParseVerified(token).GetService<AgoraRtcService>()!;
        Assert.Equal(account, rtc.Uid);
        Assert.Equal("room-1", rtc.ChannelName);
    }

    [Fact]
    public void BuildRtcToken_ExplicitPrivileges_GrantsExactlyThose()
    {
        RtcPrivilege[] privileges = [RtcPrivilege.PublishAudioStream, RtcPrivilege.JoinChannel];
        var token = AgoraAccessToken2.BuildRtcToken(AppId, AppCertificate, Channel, Uid, privileges, 600, 300, Now);

        var rtc = ParseVerified(token).GetService<AgoraRtcService>()!;
        Assert.Equal([1, 2], rtc.Privileges.Keys.Select(k => (int)k));
    }

    [Fact]
    public void BuildRtcToken_Now_IsIssueTimeWithRandomNonZeroSalt()
    {
        var token = AgoraAccessToken2.BuildRtcToken(AppId, AppCertificate, Channel, Uid, RtcRole.Publisher, 3600, 3600, Now);
        var again = AgoraAccessToken2.BuildRtcToken(AppId, AppCertificate, Channel, Uid, RtcRole.Publisher, 3600, 3600, Now);

        var parsed = ParseVerified(token);
        Assert.Equal(Now, parsed.IssuedAt);
        Assert.Equal(Now.AddHours(1), parsed.ExpiresAt);
        Assert.InRange(parsed.Salt, 1u, 99_999_999u);
        // Same inputs, same second: only the salt keeps the two tokens apart.
        Assert.NotEqual(token, again);
    }

    [Fact]
    public void BuildRtmToken_User_ParsesAsRtmLoginAndVerifies()
    {
        var token = AgoraAccessToken2.BuildRtmToken(AppId, AppCertificate, RtmUser, 900, Now);

        var rtm = Assert.IsType<AgoraRtmService>(Assert.Single(ParseVerified(token).Services));
        Assert.Equal(RtmUser, rtm.UserId);
        Assert.Equal(900u, rtm.Privileges[(ushort)RtmPrivilege.Login]);
    }

    [Fact]
    public void Build_FpaChatAndApaas_RoundTripTheirFields()
    {
        AgoraService[] services =
        [
            new AgoraApaasService("room-uuid", "user-uuid", -1).Grant(ApaasPrivilege.RoomUser, 60),
            new AgoraChatService(string.Empty).Grant(ChatPrivilege.App, 60),
            new AgoraFpaService().Grant(FpaPrivilege.Login, 60),
        ];
        var token = AgoraAccessToken2.Build(AppId, AppCertificate, IssueTs, Expire, 42, services);

        var parsed = ParseVerified(token);
        Assert.Equal([AgoraServiceType.Fpa, AgoraServiceType.Chat, AgoraServiceType.Apaas], parsed.Services.Select(s => s.Type));
        var apaas = parsed.GetService<AgoraApaasService>()!;
        Assert.Equal(("room-uuid", "user-uuid", (short)-1), (apaas.RoomUuid, apaas.UserUuid, apaas.Role));
        Assert.Equal(string.Empty, parsed.GetService<AgoraChatService>()!.UserId);
    }

    [Fact]
    public void Build_SameServiceTypeTwice_Throws()
    {
        AgoraService[] services = [new AgoraRtmService("a"), new AgoraRtmService("b")];

        Assert.Throws<ArgumentException>(() => AgoraAccessToken2.Build(AppId, AppCertificate, IssueTs, Expire, Salt, services));
    }

    [Fact]
    public void Build_NoServices_Throws() =>
        Assert.Throws<ArgumentException>(() => AgoraAccessToken2.Build(AppId, AppCertificate, IssueTs, Expire, Salt, []));

    [Theory]
    [InlineData(0u, 600u)]
    [InlineData(86_401u, 600u)]
    [InlineData(600u, 0u)]
    [InlineData(600u, 86_401u)]
    public void BuildRtcToken_LifetimeOutsideOneDay_Throws(uint tokenExpire, uint privilegeExpire) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AgoraAccessToken2.BuildRtcToken(
            AppId, AppCertificate, Channel, Uid, RtcRole.Publisher, tokenExpire, privilegeExpire, Now));

    private static AgoraParsedToken2 ParseVerified(string token)
    {
        Assert.True(AgoraAccessToken2.TryParse(token, out var parsed));
        Assert.True(AgoraAccessToken2.Verify(parsed, AppCertificate));
        Assert.Equal(AppId, parsed.AppId);
        return parsed;
    }
}
