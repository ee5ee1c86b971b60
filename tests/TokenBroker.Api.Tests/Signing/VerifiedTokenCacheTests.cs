using System.Net;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Signing;

/// <summary>A token verified once is remembered, but every rule still applies on each later use.</summary>
public sealed class VerifiedTokenCacheTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public VerifiedTokenCacheTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task CachedToken_IsRefusedFromTheSecondItsExpPasses()
    {
        var app = await TurnAppAsync();
        var session = await BrokeredFlow.SessionTokenAsync(_client, app, ttl: 60);
        Assert.Equal(HttpStatusCode.OK, (await TurnAsync(session)).StatusCode);

        _broker.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await TurnAsync(session)).StatusCode);
        _broker.Time.Advance(TimeSpan.FromSeconds(1));

        await ProblemAssert.IsProblem(await TurnAsync(session), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task CachedToken_IsRefusedThroughAnotherIssuerHost()
    {
        var app = await TurnAppAsync();
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);
        Assert.Equal(HttpStatusCode.OK, (await TurnAsync(session)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "http://other.example/v1/turn");
        request.Headers.Add("App-Token", session);

        await ProblemAssert.IsProblem(await _client.SendAsync(request), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task CachedToken_OfADeletedApp_IsRefused()
    {
        var app = await TurnAppAsync();
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);
        Assert.Equal(HttpStatusCode.OK, (await TurnAsync(session)).StatusCode);

        (await _broker.CreateAdminClient().DeleteAsync($"/v1/apps/{app.AppId}")).EnsureSuccessStatusCode();

        await ProblemAssert.IsProblem(await TurnAsync(session), HttpStatusCode.Unauthorized, "invalid_token");
    }

    private async Task<TestApp> TurnAppAsync()
    {
        var app = await TestApps.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = "turn-secret", uris = new[] { "turn:127.0.0.1:3478" } } });
        return app;
    }

    private Task<HttpResponseMessage> TurnAsync(string session) =>
        BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", session);
}
