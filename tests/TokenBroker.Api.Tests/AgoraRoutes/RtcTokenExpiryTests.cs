using System.Net;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.AgoraRoutes.AgoraRouteSupport;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>CONTRACT §6 expiry: default and clamp to min(caller's remaining life, 86400); renewAt = expiresAt - 30.</summary>
public sealed class RtcTokenExpiryTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public RtcTokenExpiryTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task RtcToken_ExpireBeyondTheSessionsRemainingLife_EndsWithTheSession()
    {
        var session = await SessionAsync(ttl: 3600);
        _broker.Time.Advance(TimeSpan.FromSeconds(3480));

        await AssertLifetimeAsync(session, new { channelName = "room-1", role = "publisher", expire = 600 }, expectedSeconds: 120);
    }

    [Fact]
    public async Task RtcToken_ExpireBeyondADay_IsClampedTo86400()
    {
        var session = await SessionAsync(ttl: 172800, appMaxTtl: 604800);

        await AssertLifetimeAsync(session, new { channelName = "room-1", role = "publisher", expire = 100000 }, expectedSeconds: 86400);
    }

    [Fact]
    public async Task RtcToken_NoExpire_LivesAsLongAsTheSessionAllows()
    {
        var session = await SessionAsync(ttl: 3600);
        _broker.Time.Advance(TimeSpan.FromSeconds(600));

        await AssertLifetimeAsync(session, new { channelName = "room-1", role = "subscriber" }, expectedSeconds: 3000);
    }

    [Fact]
    public async Task RtcToken_NoExpireAndALongSession_LivesADay()
    {
        var session = await SessionAsync(ttl: 172800, appMaxTtl: 604800);

        await AssertLifetimeAsync(session, new { channelName = "room-1", role = "subscriber" }, expectedSeconds: 86400);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(600)]
    [InlineData(3600)]
    public async Task RtcToken_ExpireWithinTheLimits_IsHonouredExactly(int expire)
    {
        var session = await SessionAsync(ttl: 3600);

        await AssertLifetimeAsync(session, new { channelName = "room-1", role = "publisher", expire }, expectedSeconds: expire);
    }

    [Fact]
    public async Task RtcToken_LastSecondOfTheSession_LivesOneSecond()
    {
        var session = await SessionAsync(ttl: 3600);
        _broker.Time.Advance(TimeSpan.FromSeconds(3599));

        await AssertLifetimeAsync(session, new { channelName = "room-1", role = "publisher" }, expectedSeconds: 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task RtcToken_ExpireBelowOneSecond_Is400NamingExpire(int expire)
    {
        var session = await SessionAsync(ttl: 3600);

        var response = await PostAsync(_client, RtcPath, session, new { channelName = "room-1", role = "publisher", expire });

        await ProblemAssert.IsValidationProblem(response, "expire");
    }

    [Fact]
    public async Task RtcToken_AfterTheSessionExpired_Is401()
    {
        var session = await SessionAsync(ttl: 3600);
        _broker.Time.Advance(TimeSpan.FromSeconds(3600));

        var response = await PostAsync(_client, RtcPath, session, new { channelName = "room-1", role = "publisher" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    private async Task AssertLifetimeAsync(string session, object request, int expectedSeconds)
    {
        var now = _broker.Time.GetUtcNow();

        var body = await RtcTokenAsync(_client, session, request);

        var expiresAt = At(body, "expiresAt");
        Assert.Equal(now.AddSeconds(expectedSeconds), expiresAt);
        Assert.Equal(expiresAt.AddSeconds(-30), At(body, "renewAt"));
        var parsed = ParseVerified(body.GetProperty("token").GetString());
        Assert.Equal(expiresAt, parsed.ExpiresAt);
        Assert.All(Rtc(parsed).Privileges.Values, seconds => Assert.Equal((uint)expectedSeconds, seconds));
    }

    private async Task<string> SessionAsync(int ttl, int appMaxTtl = 86400)
    {
        var app = await AgoraAppAsync(_broker, appMaxTtl: appMaxTtl);
        return await BrokeredFlow.SessionTokenAsync(_client, app, "bobsmith", ttl);
    }
}
