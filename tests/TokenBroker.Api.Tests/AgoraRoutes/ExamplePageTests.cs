using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenBroker.Api.Tests.Agora;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.AgoraRoutes.AgoraRouteSupport;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>docs/examples/rtc-token-renewal.html: served at /examples in Development only, and its flow works on the demo app.</summary>
public sealed class ExamplePageTests : IDisposable
{
    private const string PagePath = "/examples/rtc-token-renewal.html";

    private readonly List<IDisposable> _hosts = [];

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }

    [Fact]
    public async Task ExamplePage_InDevelopment_IsServedAsHtml()
    {
        var client = Track(new BrokerFactory(environment: "Development")).CreateClient();

        var response = await client.GetAsync(PagePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/v1/session-tokens", html, StringComparison.Ordinal);
        Assert.Contains("/v1/rtc-tokens", html, StringComparison.Ordinal);
        Assert.Contains("renewAt", html, StringComparison.Ordinal);
        Assert.Contains("client.renewToken(", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    public async Task ExamplePage_OutsideDevelopment_Is404(string environment)
    {
        var client = Track(new BrokerFactory(environment: environment)).CreateClient();

        var response = await client.GetAsync(PagePath);

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ExamplePageFlow_OnTheDemoApp_GetsAndRenewsAnRtcToken()
    {
        // The page's calls, in order: broker a tokenId without a secret (development mode, development
        // role), activate it, then fetch an RTC token and fetch again at renewAt.
        var broker = Track(new BrokerFactory(environment: "Development"));
        var client = broker.CreateClient();
        await TestApps.PatchAsync(broker, "demo-app", new { agora = new { appId = AgoraVectors.AppId, appCertificate = AgoraVectors.AppCertificate } });
        var brokered = await client.PostAsJsonAsync("/v1/tokens", new { appId = "demo-app", endpointId = "bobsmith", ttl = 3600 });
        var tokenId = (await brokered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tokenId").GetString();
        var activated = await client.PostAsJsonAsync("/v1/session-tokens", new { appId = "demo-app", tokenId });
        var session = (await activated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        var first = await RtcTokenAsync(client, session, new { channelName = "support-4711", role = "publisher", expire = 90 });
        broker.Time.Advance(At(first, "renewAt") - broker.Time.GetUtcNow());
        var renewed = await RtcTokenAsync(client, session, new { channelName = "support-4711", role = "publisher", expire = 90 });

        Assert.Equal(At(first, "expiresAt").AddSeconds(-30), broker.Time.GetUtcNow());
        Assert.Equal(broker.Time.GetUtcNow().AddSeconds(90), At(renewed, "expiresAt"));
        Assert.Equal([1, 2, 3, 4], PrivilegeKeys(Rtc(ParseVerified(renewed.GetProperty("token").GetString()))));
    }

    private BrokerFactory Track(BrokerFactory host)
    {
        _hosts.Add(host);
        return host;
    }
}
