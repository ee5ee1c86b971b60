using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store.Entities;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Brokered;

/// <summary>POST and DELETE /v1/session-tokens (CONTRACT §3).</summary>
public sealed class SessionTokenTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public SessionTokenTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Activate_ReturnsSessionJwtThatVerifiesThroughJwks()
    {
        var app = await TestApps.CreateAsync(_broker, permissions: ["turn", "chat:send"]);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app, "bobsmith", ttl: 3600);
        var createTime = _broker.Time.GetUtcNow().ToUnixTimeSeconds();

        var response = await BrokeredFlow.ActivateAsync(_client, tokenId, app.AppId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Authorization successful", body.GetProperty("message").GetString());
        Assert.Equal(createTime + 3600, body.GetProperty("expiryTime").GetInt64());

        var token = body.GetProperty("token").GetString()!;
        var jwks = new JsonWebKeySet(await _client.GetStringAsync("/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost",
            ValidAudience = app.AppId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("bobsmith", jwt.Subject);
        Assert.Equal(app.RoleId, jwt.GetClaim("role").Value);
        Assert.Equal(["turn", "chat:send"], jwt.Claims.Where(c => c.Type == "permissions").Select(c => c.Value));
        Assert.Equal(createTime, jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(createTime + 3600, jwt.GetPayloadValue<long>("exp"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
    }

    [Fact]
    public async Task Activate_Late_SessionStillEndsAtTheTokenIdsExpiryTime()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app, ttl: 3600);
        var expiry = _broker.Time.GetUtcNow().ToUnixTimeSeconds() + 3600;
        _broker.Time.Advance(TimeSpan.FromSeconds(299));

        var body = await (await BrokeredFlow.ActivateAsync(_client, tokenId)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(expiry, body.GetProperty("expiryTime").GetInt64());
        Assert.Equal(expiry, new JsonWebToken(body.GetProperty("token").GetString()).GetPayloadValue<long>("exp"));
    }

    [Fact]
    public async Task Activate_SecondUse_Is409TokenUsed()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app);
        (await BrokeredFlow.ActivateAsync(_client, tokenId)).EnsureSuccessStatusCode();

        var response = await BrokeredFlow.ActivateAsync(_client, tokenId);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "token_used");
    }

    [Fact]
    public async Task Activate_AtTheEndOfTheActivationWindow_Is401TokenExpired()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app);
        _broker.Time.Advance(TimeSpan.FromSeconds(300));

        var response = await BrokeredFlow.ActivateAsync(_client, tokenId);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "token_expired");
    }

    [Fact]
    public async Task Activate_ConfiguredActivationWindow_IsHonoured()
    {
        using var broker = new BrokerFactory(new Dictionary<string, string?> { ["TokenBroker:Brokered:ActivationWindow"] = "00:00:30" });
        var client = broker.CreateClient();
        var app = await TestApps.CreateAsync(broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(client, app);
        broker.Time.Advance(TimeSpan.FromSeconds(30));

        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(client, tokenId), HttpStatusCode.Unauthorized, "token_expired");
    }

    [Fact]
    public async Task Activate_UnknownTokenId_Is401InvalidToken()
    {
        var response = await BrokeredFlow.ActivateAsync(_client, "tbt_not-a-real-token");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Activate_TokenIdWithTheRightTimeOrderedPartButAnotherSecret_Is401InvalidToken_AndDoesNotConsumeIt()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app);
        var forged = tokenId[..^1] + (tokenId[^1] == 'A' ? 'B' : 'A');

        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(_client, forged), HttpStatusCode.Unauthorized, "invalid_token");

        Assert.Equal(HttpStatusCode.OK, (await BrokeredFlow.ActivateAsync(_client, tokenId)).StatusCode);
    }

    [Fact]
    public async Task Activate_TokenIdStoredBeforeKeysWereTimeOrdered_StillActivatesOnce()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = Secret.Create("tbt_");
        var now = DateTimeOffset.FromUnixTimeSeconds(_broker.Time.GetUtcNow().ToUnixTimeSeconds());
        await _broker.WithStoreAsync(db =>
        {
            db.BrokeredTokens.Add(new BrokeredToken
            {
                TokenIdHash = Secret.Hash(tokenId), AppId = app.AppId, EndpointId = "bobsmith", RoleId = app.RoleId,
                CreateTime = now, ExpiryTime = now.AddHours(1),
            });
            return db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.OK, (await BrokeredFlow.ActivateAsync(_client, tokenId, app.AppId)).StatusCode);
        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(_client, tokenId, app.AppId), HttpStatusCode.Conflict, "token_used");
    }

    [Fact]
    public async Task Activate_WithAnotherAppId_Is401InvalidToken_AndDoesNotConsumeIt()
    {
        var app = await TestApps.CreateAsync(_broker);
        var other = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app);

        await ProblemAssert.IsProblem(await BrokeredFlow.ActivateAsync(_client, tokenId, other.AppId), HttpStatusCode.Unauthorized, "invalid_token");

        Assert.Equal(HttpStatusCode.OK, (await BrokeredFlow.ActivateAsync(_client, tokenId, app.AppId)).StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"tokenId\": 5}")]
    [InlineData("{\"tokenId\": \"\"}")]
    public async Task Activate_MalformedBody_Is400(string json)
    {
        var response = await _client.PostAsync("/v1/session-tokens", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationProblem(response, "tokenId");
    }

    [Fact]
    public async Task Activate_HundredConcurrentTries_ExactlyOneSucceeds_NoneIs5xx()
    {
        var app = await TestApps.CreateAsync(_broker);
        var tokenId = await BrokeredFlow.TokenIdAsync(_client, app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => BrokeredFlow.ActivateAsync(_client, tokenId)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(99, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
    }

    [Fact]
    public async Task SessionToken_AcceptedAsAppTokenAndAsBearer()
    {
        var app = await TestApps.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = "s3cret-turn", uris = new[] { "turn:127.0.0.1:3478" } } });
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);

        Assert.Equal(HttpStatusCode.OK, (await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", session)).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Post, "/v1/turn");
        bearer.Headers.Authorization = new("Bearer", session);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task Logout_RevokesTheSessionToken_OnEveryLaterUse()
    {
        var app = await TestApps.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = "s3cret-turn", uris = new[] { "turn:127.0.0.1:3478" } } });
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);
        var other = await BrokeredFlow.SessionTokenAsync(_client, app, "alice");

        var logout = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", session);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        for (var i = 0; i < 3; i++)
        {
            var refused = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", session);
            await ProblemAssert.IsProblem(refused, HttpStatusCode.Unauthorized, "invalid_token");
        }

        await ProblemAssert.IsProblem(await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", session), HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.OK, (await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Post, "/v1/turn", other)).StatusCode);
    }

    [Fact]
    public async Task Logout_IsSeenByAnotherInstanceSharingTheStore()
    {
        var app = await TestApps.CreateAsync(_broker);
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);
        (await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", session)).EnsureSuccessStatusCode();

        // A second broker process over the same store loads revocations at start.
        using var second = new BrokerFactory(new Dictionary<string, string?> { ["ConnectionStrings:TokenBroker"] = _broker.ConnectionString });
        second.Time.SetUtcNow(_broker.Time.GetUtcNow());
        var response = await BrokeredFlow.SendWithAppTokenAsync(second.CreateClient(), HttpMethod.Delete, "/v1/session-tokens", session);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Logout_WithoutToken_Is401()
    {
        var response = await _client.DeleteAsync("/v1/session-tokens");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task SessionToken_RefusedFromTheSecondItsExpPasses()
    {
        var app = await TestApps.CreateAsync(_broker);
        var session = await BrokeredFlow.SessionTokenAsync(_client, app, ttl: 60);

        _broker.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.NoContent, (await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", await BrokeredFlow.SessionTokenAsync(_client, app, ttl: 60))).StatusCode);
        _broker.Time.Advance(TimeSpan.FromSeconds(1));

        var response = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", session);
        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task SessionToken_OfADeletedApp_IsRefused()
    {
        var app = await TestApps.CreateAsync(_broker);
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);

        (await _broker.CreateAdminClient().DeleteAsync($"/v1/apps/{app.AppId}")).EnsureSuccessStatusCode();

        var response = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", session);
        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task SessionToken_Tampered_IsRefused()
    {
        var app = await TestApps.CreateAsync(_broker);
        var session = await BrokeredFlow.SessionTokenAsync(_client, app);
        var parts = session.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("bobsmith", "mallory", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var response = await BrokeredFlow.SendWithAppTokenAsync(_client, HttpMethod.Delete, "/v1/session-tokens", tampered);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "invalid_token");
    }
}
