using System.Net;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.AgoraRoutes.AgoraRouteSupport;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>Who may get Agora tokens (CONTRACT §1, §6): 401 without a live credential, 403 without the permission, 409 without settings.</summary>
public sealed class AgoraRouteAccessTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public AgoraRouteAccessTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    public static TheoryData<string> Routes => ["rtc", "rtm", "access_token"];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithoutCredential_Is401Unauthorized(string route)
    {
        var response = await CallAsync(route, session: null);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithGarbageToken_Is401InvalidToken(string route)
    {
        var response = await CallAsync(route, session: "not.a.jwt");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AfterLogout_Is401InvalidToken(string route)
    {
        var session = await SessionAsync(AllPermissions);
        var logout = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", session);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var response = await CallAsync(route, session);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [InlineData("rtc")]
    [InlineData("access_token")]
    public async Task RtcRoute_RoleWithoutRtcJoin_Is403(string route)
    {
        var session = await SessionAsync(["rtm:login", "rtc:publish-audio", "turn"]);

        var response = await CallAsync(route, session, role: "subscriber");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task RtcToken_PublisherWithoutAnyPublishPermission_Is403()
    {
        var session = await SessionAsync(["rtc:join", "rtm:login"]);

        var response = await CallAsync("rtc", session, role: "publisher");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task RtcToken_SubscriberWithJoinOnly_IsAllowed()
    {
        var session = await SessionAsync(["rtc:join"]);

        var response = await CallAsync("rtc", session, role: "subscriber");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RtmToken_RoleWithoutRtmLogin_Is403()
    {
        var session = await SessionAsync(["rtc:join", "rtc:publish-audio"]);

        var response = await CallAsync("rtm", session);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AppWithoutAgoraSettings_Is409NotConfigured(string route)
    {
        var app = await TestApps.CreateAsync(_broker, permissions: AllPermissions);
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);

        var response = await CallAsync(route, session);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "not_configured");
        Assert.Contains("agora", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> SessionAsync(string[] permissions)
    {
        var app = await AgoraAppAsync(_broker, permissions);
        return await BrokeredFlow.SessionTokenAsync(_client, app);
    }

    private Task<HttpResponseMessage> CallAsync(string route, string? session, string role = "publisher") => route switch
    {
        "rtc" => PostRawAsync(_client, RtcPath, session, $$"""{"channelName": "room-1", "role": "{{role}}"}"""),
        "rtm" => PostRawAsync(_client, RtmPath, session, "{}"),
        "access_token" => GetAsync(_client, "/access_token?channel=room-1&uid=7", session),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };
}
