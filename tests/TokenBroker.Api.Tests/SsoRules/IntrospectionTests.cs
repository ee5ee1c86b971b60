using System.Net;
using System.Text;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// <c>POST /oauth2/introspect</c> (RFC 7662): an authenticated client learns about its own active tokens;
/// about anything else the answer is exactly <c>{"active": false}</c> (§2.2).
/// </summary>
public sealed class IntrospectionTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _backend;

    public IntrospectionTests() => _backend = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Rfc7662_2_2_ActiveAccessToken_IsDescribed()
    {
        var app = await SsoFlow.CreateAsync(_broker, roleMaxTtl: 600);
        var now = _broker.Time.GetUtcNow().ToUnixTimeSeconds();
        var tokens = await SsoFlow.TokensAsync(_broker, app);

        var body = await IntrospectAsync(_backend, app, Access(tokens));

        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal(app.AppId, body.GetProperty("client_id").GetString());
        Assert.Equal(app.UserId, body.GetProperty("sub").GetString());
        Assert.Equal("openid", body.GetProperty("scope").GetString());
        Assert.Equal(now, body.GetProperty("iat").GetInt64());
        Assert.Equal(now + 600, body.GetProperty("exp").GetInt64());
        Assert.Equal(Issuer, body.GetProperty("iss").GetString());
        Assert.Equal("bearer", body.GetProperty("token_type").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task Rfc7662_2_2_ActiveRefreshToken_IsActiveWithTokenTypeRefreshToken()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var tokens = await SsoFlow.TokensAsync(_broker, app);

        var body = await IntrospectAsync(_backend, app, Refresh(tokens), ClientAuth.Post);

        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal("refresh_token", body.GetProperty("token_type").GetString());
        Assert.Equal(app.AppId, body.GetProperty("client_id").GetString());
        Assert.Equal(app.UserId, body.GetProperty("sub").GetString());
        Assert.True(body.GetProperty("exp").GetInt64() > body.GetProperty("iat").GetInt64());
    }

    [Theory]
    [InlineData("consumed refresh token")]
    [InlineData("revoked refresh token")]
    [InlineData("expired refresh token")]
    [InlineData("another client's refresh token")]
    [InlineData("revoked access token")]
    [InlineData("expired access token")]
    [InlineData("another client's access token")]
    [InlineData("garbage")]
    public async Task Rfc7662_2_2_InactiveToken_IsExactlyActiveFalse(string which)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var other = await SsoFlow.CreateAsync(_broker);
        var tokens = await SsoFlow.TokensAsync(_broker, app);
        var (asker, token) = which switch
        {
            "consumed refresh token" => await ConsumedAsync(app, tokens),
            "revoked refresh token" => await RevokedAsync(app, Refresh(tokens)),
            "expired refresh token" => Expired(app, Refresh(tokens), TimeSpan.FromDays(30)),
            "another client's refresh token" => (other, Refresh(tokens)),
            "revoked access token" => await RevokedAsync(app, Access(tokens)),
            "expired access token" => Expired(app, Access(tokens), TimeSpan.FromSeconds(tokens.GetProperty("expires_in").GetInt64())),
            "another client's access token" => (other, Access(tokens)),
            _ => (app, "not-a-token"),
        };

        IsExactlyInactive(await IntrospectAsync(_backend, asker, token));
    }

    [Fact]
    public async Task Rfc7662_2_1_NoClientAuthentication_Is401InvalidClient()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var tokens = await SsoFlow.TokensAsync(_broker, app);

        var response = await PostAsClientAsync(_backend, "/oauth2/introspect", app, new Dictionary<string, string> { ["token"] = Access(tokens) }, ClientAuth.None);

        await SsoFlow.IsOAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Rfc7662_2_1_WrongClientSecret_Is401InvalidClient()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var tokens = await SsoFlow.TokensAsync(_broker, app);

        var response = await PostAsClientAsync(_backend, "/oauth2/introspect", app with { Secret = "tbs_wrong" }, new Dictionary<string, string> { ["token"] = Access(tokens) });

        await SsoFlow.IsOAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Rfc7662_4_PublicClientIdWithoutSecret_IsNotAuthenticationEnoughToIntrospect()
    {
        var app = await SsoFlow.CreateAsync(_broker, publicClient: true, redirectUri: "com.example.app:/cb");
        var tokens = await SsoFlow.TokensAsync(_broker, app);
        var form = new Dictionary<string, string> { ["token"] = Access(tokens), ["client_id"] = app.AppId };

        var response = await PostAsClientAsync(_backend, "/oauth2/introspect", app, form, ClientAuth.None);

        await SsoFlow.IsOAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Contract_1_IntrospectWithJsonBody_Is415InOAuthShape()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/introspect")
        {
            Content = new StringContent("{\"token\":\"tbr_x\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{app.AppId}:{app.Secret}")));

        await SsoFlow.IsOAuthError(await _backend.SendAsync(request), HttpStatusCode.UnsupportedMediaType, "invalid_request");
    }

    private async Task<(SsoApp, string)> ConsumedAsync(SsoApp app, JsonElement tokens)
    {
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(_backend, app, Refresh(tokens))).StatusCode);
        return (app, Refresh(tokens));
    }

    private async Task<(SsoApp, string)> RevokedAsync(SsoApp app, string token)
    {
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(_backend, app, token)).StatusCode);
        return (app, token);
    }

    private (SsoApp, string) Expired(SsoApp app, string token, TimeSpan lifetime)
    {
        _broker.Time.Advance(lifetime);
        return (app, token);
    }

    private static string Access(JsonElement tokens) => tokens.GetProperty("access_token").GetString()!;

    private static string Refresh(JsonElement tokens) => tokens.GetProperty("refresh_token").GetString()!;
}
