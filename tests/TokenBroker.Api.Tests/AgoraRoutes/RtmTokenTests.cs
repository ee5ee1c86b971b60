using TokenBroker.Api.Agora;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.AgoraRoutes.AgoraRouteSupport;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>POST /v1/rtm-tokens (CONTRACT §6): an RTM login token for the caller or a named user id.</summary>
public sealed class RtmTokenTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public RtmTokenTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task RtmToken_NoUserId_IsForTheCallersSubject()
    {
        var session = await SessionAsync(ttl: 3600, endpointId: "bobsmith");
        var now = _broker.Time.GetUtcNow();

        var body = await OkJsonAsync(await PostRawAsync(_client, RtmPath, session, "{}"));

        Assert.Equal(["token", "userId", "expiresAt", "renewAt"], MemberNames(body));
        Assert.Equal("bobsmith", body.GetProperty("userId").GetString());
        Assert.Equal(now.AddSeconds(3600), At(body, "expiresAt"));
        Assert.Equal(now.AddSeconds(3570), At(body, "renewAt"));
        var parsed = ParseVerified(body.GetProperty("token").GetString());
        Assert.Equal(now, parsed.IssuedAt);
        Assert.Equal(3600u, parsed.ExpireSeconds);
        var rtm = Assert.IsType<AgoraRtmService>(Assert.Single(parsed.Services));
        Assert.Equal("bobsmith", rtm.UserId);
        Assert.Equal([(int)RtmPrivilege.Login], PrivilegeKeys(rtm));
        Assert.Equal(3600u, rtm.Privileges[(ushort)RtmPrivilege.Login]);
    }

    [Fact]
    public async Task RtmToken_NoBodyAtAll_IsForTheCallersSubject()
    {
        var session = await SessionAsync(ttl: 3600, endpointId: "carol");

        var body = await OkJsonAsync(await PostRawAsync(_client, RtmPath, session, json: null));

        Assert.Equal("carol", body.GetProperty("userId").GetString());
        Assert.Equal("carol", Assert.IsType<AgoraRtmService>(ParseVerified(body.GetProperty("token").GetString()).Services[0]).UserId);
    }

    [Fact]
    public async Task RtmToken_UserId_IsUsedAsGiven()
    {
        var session = await SessionAsync(ttl: 3600);

        var body = await OkJsonAsync(await PostAsync(_client, RtmPath, session, new { userId = "agent-7" }));

        Assert.Equal("agent-7", body.GetProperty("userId").GetString());
        Assert.Equal("agent-7", Assert.IsType<AgoraRtmService>(ParseVerified(body.GetProperty("token").GetString()).Services[0]).UserId);
    }

    [Fact]
    public async Task RtmToken_SessionWith120SecondsLeft_EndsWithTheSession()
    {
        var session = await SessionAsync(ttl: 3600);
        _broker.Time.Advance(TimeSpan.FromSeconds(3480));
        var now = _broker.Time.GetUtcNow();

        var body = await OkJsonAsync(await PostAsync(_client, RtmPath, session, new { expire = 600 }));

        Assert.Equal(now.AddSeconds(120), At(body, "expiresAt"));
        Assert.Equal(now.AddSeconds(90), At(body, "renewAt"));
        Assert.Equal(120u, ParseVerified(body.GetProperty("token").GetString()).ExpireSeconds);
    }

    [Fact]
    public async Task RtmToken_LongSession_IsClampedToADay()
    {
        var app = await AgoraAppAsync(_broker, appMaxTtl: 604800);
        var session = await BrokeredFlow.SessionTokenAsync(_client, app, "bobsmith", 172800);
        var now = _broker.Time.GetUtcNow();

        var body = await OkJsonAsync(await PostAsync(_client, RtmPath, session, new { expire = 100000 }));

        Assert.Equal(now.AddSeconds(86400), At(body, "expiresAt"));
    }

    [Theory]
    [InlineData("""{"userId": ""}""", "userId")]
    [InlineData("""{"userId": "a\u0007b"}""", "userId")]
    [InlineData("""{"userId": 42}""", "userId")]
    [InlineData("""{"expire": 0}""", "expire")]
    public async Task RtmToken_BadField_Is400NamingTheField(string json, string field)
    {
        var session = await SessionAsync(ttl: 3600);

        var response = await PostRawAsync(_client, RtmPath, session, json);

        await ProblemAssert.IsValidationProblem(response, field);
    }

    [Fact]
    public async Task RtmToken_UserIdOf256Characters_Is400()
    {
        var session = await SessionAsync(ttl: 3600);

        var response = await PostAsync(_client, RtmPath, session, new { userId = new string('u', 256) });

        await ProblemAssert.IsValidationProblem(response, "userId");
    }

    private async Task<string> SessionAsync(int ttl, string endpointId = "bobsmith")
    {
        var app = await AgoraAppAsync(_broker);
        return await BrokeredFlow.SessionTokenAsync(_client, app, endpointId, ttl);
    }
}
