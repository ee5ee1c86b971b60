using TokenBroker.Api.Agora;
using TokenBroker.Api.Tests.Agora;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.AgoraRoutes.AgoraRouteSupport;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>POST /v1/rtc-tokens (CONTRACT §6): shape, privileges per role, and the three uid forms.</summary>
public sealed class RtcTokenTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public RtcTokenTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task RtcToken_Publisher_ReturnsAVerifiableTokenWithChannelUidAndTimes()
    {
        var session = await SessionAsync(AllPermissions, ttl: 3600);
        var now = _broker.Time.GetUtcNow();

        var body = await RtcTokenAsync(_client, session, new { channelName = AgoraVectors.Channel, uid = 2882341273, role = "publisher" });

        Assert.Equal(["token", "channelName", "uid", "expiresAt", "renewAt"], MemberNames(body));
        Assert.Equal(AgoraVectors.Channel, body.GetProperty("channelName").GetString());
        Assert.Equal(2882341273u, body.GetProperty("uid").GetUInt32());
        Assert.Equal(now.AddSeconds(3600), At(body, "expiresAt"));
        Assert.Equal(now.AddSeconds(3570), At(body, "renewAt"));

        var parsed = ParseVerified(body.GetProperty("token").GetString());
        Assert.Equal(now, parsed.IssuedAt);
        Assert.Equal(3600u, parsed.ExpireSeconds);
        var rtc = Rtc(parsed);
        Assert.Equal(AgoraVectors.Channel, rtc.ChannelName);
        Assert.Equal("2882341273", rtc.Uid);
        Assert.All(rtc.Privileges.Values, seconds => Assert.Equal(3600u, seconds));
    }

    [Theory]
    [InlineData(new[] { "rtc:join", "rtc:publish-audio" }, "publisher", new[] { 1, 2 })]
    [InlineData(new[] { "rtc:join", "rtc:publish-video" }, "publisher", new[] { 1, 3 })]
    [InlineData(new[] { "rtc:join", "rtc:publish-data" }, "publisher", new[] { 1, 4 })]
    [InlineData(new[] { "rtc:join", "rtc:publish-audio", "rtc:publish-video", "rtc:publish-data" }, "publisher", new[] { 1, 2, 3, 4 })]
    [InlineData(new[] { "rtc:join", "rtc:publish-audio", "rtc:publish-video", "rtc:publish-data" }, "subscriber", new[] { 1 })]
    [InlineData(new[] { "rtc:join" }, "subscriber", new[] { 1 })]
    public async Task RtcToken_Role_GrantsJoinPlusThePublishPrivilegesTheCallerHas(string[] permissions, string role, int[] expected)
    {
        var session = await SessionAsync(permissions);

        var body = await RtcTokenAsync(_client, session, new { channelName = "room-1", role });

        Assert.Equal(expected, PrivilegeKeys(Rtc(ParseVerified(body.GetProperty("token").GetString()))));
    }

    [Theory]
    [InlineData(0u, "")]
    [InlineData(2882341273u, "2882341273")]
    [InlineData(4294967295u, "4294967295")]
    public async Task RtcToken_NumericUid_IsPackedAsAgoraDoesAndEchoedAsANumber(uint uid, string packed)
    {
        var session = await SessionAsync(AllPermissions);

        var body = await RtcTokenAsync(_client, session, new { channelName = "room-1", uid, role = "subscriber" });

        Assert.Equal(uid, body.GetProperty("uid").GetUInt32());
        Assert.Equal(packed, Rtc(ParseVerified(body.GetProperty("token").GetString())).Uid);
    }

    [Fact]
    public async Task RtcToken_NeitherUidNorUserAccount_IsUidZeroForAnyUid()
    {
        var session = await SessionAsync(AllPermissions);

        var body = await RtcTokenAsync(_client, session, new { channelName = "room-1", role = "subscriber" });

        Assert.Equal(0u, body.GetProperty("uid").GetUInt32());
        Assert.False(body.TryGetProperty("userAccount", out _));
        Assert.Equal("", Rtc(ParseVerified(body.GetProperty("token").GetString())).Uid);
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("12")]
    [InlineData("Ünïcödé user")]
    public async Task RtcToken_UserAccount_IsPackedAsItselfAndEchoedInsteadOfUid(string account)
    {
        var session = await SessionAsync(AllPermissions);

        var body = await RtcTokenAsync(_client, session, new { channelName = "room-1", userAccount = account, role = "publisher" });

        Assert.Equal(["token", "channelName", "userAccount", "expiresAt", "renewAt"], MemberNames(body));
        Assert.Equal(account, body.GetProperty("userAccount").GetString());
        Assert.Equal(account, Rtc(ParseVerified(body.GetProperty("token").GetString())).Uid);
    }

    [Fact]
    public async Task RtcToken_ChannelNameOfEveryAllowedCharacter_IsAccepted()
    {
        var session = await SessionAsync(AllPermissions);
        const string channel = "aZ09 !#$%&()+-:;<=.>?@[]^_{|}~,";

        var body = await RtcTokenAsync(_client, session, new { channelName = channel, role = "subscriber" });

        Assert.Equal(channel, Rtc(ParseVerified(body.GetProperty("token").GetString())).ChannelName);
    }

    [Fact]
    public async Task RtcToken_ChannelNameOf64Characters_IsAccepted()
    {
        var session = await SessionAsync(AllPermissions);
        var channel = new string('c', 64);

        var body = await RtcTokenAsync(_client, session, new { channelName = channel, role = "subscriber" });

        Assert.Equal(channel, body.GetProperty("channelName").GetString());
    }

    [Fact]
    public async Task RtcToken_SessionTokenAsBearer_IsAcceptedLikeAppToken()
    {
        var session = await SessionAsync(AllPermissions);

        var response = await PostRawAsync(_client, RtcPath, session, """{"channelName": "room-1", "role": "publisher"}""", header: "Bearer");

        var body = await OkJsonAsync(response);
        Assert.Equal([1, 2, 3, 4], PrivilegeKeys(Rtc(ParseVerified(body.GetProperty("token").GetString()))));
    }

    [Fact]
    public async Task RtcToken_TwoCalls_GiveDifferentlySaltedTokens()
    {
        var session = await SessionAsync(AllPermissions);
        var request = new { channelName = "room-1", role = "publisher" };

        var first = ParseVerified((await RtcTokenAsync(_client, session, request)).GetProperty("token").GetString());
        var second = ParseVerified((await RtcTokenAsync(_client, session, request)).GetProperty("token").GetString());

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.Equal(AgoraServiceType.Rtc, Assert.Single(first.Services).Type);
    }

    private async Task<string> SessionAsync(string[] permissions, int? ttl = null)
    {
        var app = await AgoraAppAsync(_broker, permissions);
        return await BrokeredFlow.SessionTokenAsync(_client, app, "bobsmith", ttl);
    }
}
