using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Turn;

/// <summary>POST /v1/turn (CONTRACT §3): credentials in the TURN REST scheme coturn checks.</summary>
public sealed class TurnCredentialTests : IDisposable
{
    private const string TurnSecret = "turn-shared-secret-for-tests";

    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public TurnCredentialTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Turn_ReturnsRestCredentialsBoundToTheSession()
    {
        var app = await TurnAppAsync();
        var session = await BrokeredFlow.SessionTokenAsync(_client, app, "bobsmith", ttl: 3600);
        _broker.Time.Advance(TimeSpan.FromSeconds(600));

        var response = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var now = _broker.Time.GetUtcNow().ToUnixTimeSeconds();
        var username = body.GetProperty("username").GetString()!;
        Assert.Equal(3000, body.GetProperty("ttl").GetInt64());
        Assert.Equal($"{now + 3000}:bobsmith", username);
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(TurnSecret), Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, body.GetProperty("password").GetString());
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "stun:127.0.0.1:3478"], body.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public async Task Turn_AcceptsAnEmptyJsonBody()
    {
        var app = await TurnAppAsync();
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/turn") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("App-Token", session);

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Turn_RoleWithoutTurnPermission_Is403()
    {
        var app = await TestApps.CreateAsync(_broker, permissions: ["rtc:join"]);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = TurnSecret, uris = new[] { "turn:127.0.0.1:3478" } } });
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);

        var response = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", session);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Turn_AppWithoutTurnSettings_Is409NotConfigured()
    {
        var app = await TestApps.CreateAsync(_broker);
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);

        var response = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", session);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "not_configured");
    }

    [Fact]
    public async Task Turn_WithoutToken_Is401()
    {
        var response = await _client.PostAsync("/v1/turn", null);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Turn_WithGarbageToken_Is401InvalidToken()
    {
        var response = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", "not.a.jwt");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Turn_TurnSecretIsEncryptedAtRest()
    {
        var app = await TurnAppAsync();

        var stored = await _broker.WithStoreAsync(db => Task.FromResult(db.Apps.Single(a => a.Id == app.AppId).TurnSecretProtected));

        Assert.NotNull(stored);
        Assert.DoesNotContain(TurnSecret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(TurnSecret)), stored, StringComparison.Ordinal);
    }

    private async Task<TestApp> TurnAppAsync()
    {
        var app = await TestApps.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = TurnSecret, uris = new[] { "turn:127.0.0.1:3478?transport=udp", "stun:127.0.0.1:3478" } } });
        return app;
    }
}
