using TokenBroker.Api.Tests.Agora;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.AgoraRoutes.AgoraRouteSupport;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>GET /access_token (CONTRACT §6): the Agora community token server's route and answer, drop-in.</summary>
public sealed class AccessTokenRouteTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public AccessTokenRouteTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task AccessToken_ChannelAndUid_AnswersOnlyTheTokenAndIsNotStored()
    {
        var session = await SessionAsync(AllPermissions, ttl: 3600);
        var now = _broker.Time.GetUtcNow();

        var response = await GetAsync(_client, $"/access_token?channel={AgoraVectors.Channel}&uid=2882341273", session);

        var body = await OkJsonAsync(response);
        Assert.Equal(["token"], MemberNames(body));
        var parsed = ParseVerified(body.GetProperty("token").GetString());
        Assert.Equal(now, parsed.IssuedAt);
        Assert.Equal(3600u, parsed.ExpireSeconds);
        var rtc = Rtc(parsed);
        Assert.Equal(AgoraVectors.Channel, rtc.ChannelName);
        Assert.Equal("2882341273", rtc.Uid);
        Assert.All(rtc.Privileges.Values, seconds => Assert.Equal(3600u, seconds));
    }

    [Theory]
    [InlineData(new[] { "rtc:join", "rtc:publish-audio", "rtc:publish-video", "rtc:publish-data" }, new[] { 1, 2, 3, 4 })]
    [InlineData(new[] { "rtc:join", "rtc:publish-audio" }, new[] { 1, 2 })]
    [InlineData(new[] { "rtc:join", "rtc:publish-video", "rtc:publish-data" }, new[] { 1, 3, 4 })]
    [InlineData(new[] { "rtc:join" }, new[] { 1 })]
    public async Task AccessToken_Privileges_AreJoinPlusEachPublishPermissionOfTheRole(string[] permissions, int[] expected)
    {
        var session = await SessionAsync(permissions);

        var body = await OkJsonAsync(await GetAsync(_client, "/access_token?channel=room-1&uid=7", session));

        Assert.Equal(expected, PrivilegeKeys(Rtc(ParseVerified(body.GetProperty("token").GetString()))));
    }

    [Fact]
    public async Task AccessToken_RoleQueryParameterOfTheSample_DoesNotChangePrivileges()
    {
        var session = await SessionAsync(["rtc:join"]);

        var body = await OkJsonAsync(await GetAsync(_client, "/access_token?channel=room-1&uid=7&role=publisher&expireTime=60", session));

        var parsed = ParseVerified(body.GetProperty("token").GetString());
        Assert.Equal([1], PrivilegeKeys(Rtc(parsed)));
    }

    [Theory]
    [InlineData("/access_token?channel=room-1", "")]
    [InlineData("/access_token?channel=room-1&uid=", "")]
    [InlineData("/access_token?channel=room-1&uid=0", "")]
    [InlineData("/access_token?channel=room-1&uid=4294967295", "4294967295")]
    public async Task AccessToken_Uid_IsPackedAsAgoraDoes(string pathAndQuery, string packed)
    {
        var session = await SessionAsync(AllPermissions);

        var body = await OkJsonAsync(await GetAsync(_client, pathAndQuery, session));

        Assert.Equal(packed, Rtc(ParseVerified(body.GetProperty("token").GetString())).Uid);
    }

    [Fact]
    public async Task AccessToken_SessionTokenAsBearer_IsAccepted()
    {
        var session = await SessionAsync(AllPermissions);

        var response = await GetAsync(_client, "/access_token?channel=room-1&uid=7", session, header: "Bearer");

        Assert.Equal("7", Rtc(ParseVerified((await OkJsonAsync(response)).GetProperty("token").GetString())).Uid);
    }

    [Theory]
    [InlineData("/access_token", "channel")]
    [InlineData("/access_token?uid=7", "channel")]
    [InlineData("/access_token?channel=&uid=7", "channel")]
    [InlineData("/access_token?channel=room%2F1&uid=7", "channel")]
    [InlineData("/access_token?channel=a&channel=b&uid=7", "channel")]
    [InlineData("/access_token?channel=ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "channel")]
    [InlineData("/access_token?channel=room-1&uid=-1", "uid")]
    [InlineData("/access_token?channel=room-1&uid=4294967296", "uid")]
    [InlineData("/access_token?channel=room-1&uid=1.5", "uid")]
    [InlineData("/access_token?channel=room-1&uid=alice", "uid")]
    [InlineData("/access_token?channel=room-1&uid=%2B12", "uid")]
    [InlineData("/access_token?channel=room-1&uid=%2012", "uid")]
    [InlineData("/access_token?channel=room-1&uid=1&uid=2", "uid")]
    public async Task AccessToken_BadQuery_Is400ProblemNamingTheParameter(string pathAndQuery, string field)
    {
        var session = await SessionAsync(AllPermissions);

        var response = await GetAsync(_client, pathAndQuery, session);

        await ProblemAssert.IsValidationProblem(response, field);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task AccessToken_SessionWith120SecondsLeft_TokenEndsWithTheSession()
    {
        var session = await SessionAsync(AllPermissions, ttl: 3600);
        _broker.Time.Advance(TimeSpan.FromSeconds(3480));

        var body = await OkJsonAsync(await GetAsync(_client, "/access_token?channel=room-1", session));

        var parsed = ParseVerified(body.GetProperty("token").GetString());
        Assert.Equal(_broker.Time.GetUtcNow().AddSeconds(120), parsed.ExpiresAt);
    }

    private async Task<string> SessionAsync(string[] permissions, int? ttl = null)
    {
        var app = await AgoraAppAsync(_broker, permissions);
        return await BrokeredFlow.SessionTokenAsync(_client, app, "bobsmith", ttl);
    }
}
