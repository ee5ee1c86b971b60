using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Sso;

/// <summary>POST /oauth2/token, authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6, CONTRACT §4).</summary>
public sealed class TokenEndpointTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _backend;

    public TokenEndpointTests() => _backend = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task CodeExchange_ClientSecretBasic_ReturnsBearerTokensWithContractClaims()
    {
        var app = await SsoFlow.CreateAsync(_broker, roleMaxTtl: 600);
        var code = await SsoFlow.CodeAsync(_broker, app);

        var response = await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code));

        var body = await SsoFlow.ReadAsync(response);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(600, body.GetProperty("expires_in").GetInt64());
        Assert.Equal("openid", body.GetProperty("scope").GetString());
        Assert.StartsWith("tbr_", body.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);

        var access = await ValidateAsync(body.GetProperty("access_token").GetString()!, app.AppId);
        var now = _broker.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(app.UserId, access.Subject);
        Assert.Equal(app.AppId, access.GetClaim("client_id").Value);
        Assert.Equal(app.Email, access.GetClaim("email").Value);
        Assert.Equal("agent", access.GetClaim("user_type").Value);
        Assert.Equal(app.RoleId, access.GetClaim("role").Value);
        Assert.Equal(["turn", "rtc:join", "rtm:login", "tickets:read"], access.Claims.Where(c => c.Type == "permissions").Select(c => c.Value));
        Assert.Equal(now, access.GetPayloadValue<long>("iat"));
        Assert.Equal(now, access.GetPayloadValue<long>("nbf"));
        Assert.Equal(now + 600, access.GetPayloadValue<long>("exp"));
        Assert.False(string.IsNullOrEmpty(access.Id));
    }

    [Fact]
    public async Task CodeExchange_OpenIdScope_ReturnsIdTokenWithNonceAndAuthTime()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var signedInAt = _broker.Time.GetUtcNow().ToUnixTimeSeconds();
        var code = await SsoFlow.CodeAsync(_broker, app);

        var body = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code)));

        var id = await ValidateAsync(body.GetProperty("id_token").GetString()!, app.AppId);
        Assert.Equal(app.UserId, id.Subject);
        Assert.Equal("n-456", id.GetClaim("nonce").Value);
        Assert.Equal(signedInAt, id.GetPayloadValue<long>("auth_time"));
        Assert.Equal(app.Email, id.GetClaim("email").Value);
        Assert.True(id.GetPayloadValue<long>("exp") > id.GetPayloadValue<long>("iat"));
    }

    [Fact]
    public async Task CodeExchange_WithoutOpenIdScope_HasNoIdToken()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app, SsoFlow.AuthorizeQuery(app, scope: null));

        var body = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code)));

        Assert.False(body.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task CodeExchange_ClientSecretPost_Works()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);
        var form = SsoFlow.CodeForm(app, code);
        form["client_id"] = app.AppId;
        form["client_secret"] = app.Secret;

        var response = await SsoFlow.TokenAsync(_backend, app, form, basic: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CodeExchange_PublicClientWithPkceAlone_Works()
    {
        var app = await SsoFlow.CreateAsync(_broker, publicClient: true, redirectUri: "com.example.app:/cb");
        var code = await SsoFlow.CodeAsync(_broker, app);

        var response = await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Rfc7636_PublicClientWithoutVerifier_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker, publicClient: true, redirectUri: "com.example.app:/cb");
        var code = await SsoFlow.CodeAsync(_broker, app);

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code, verifier: null)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc7636_WrongVerifier_IsInvalidGrant_AndDoesNotConsumeTheCode()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);

        var wrong = await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code, verifier: new string('x', 43)));
        await SsoFlow.IsOAuthError(wrong, HttpStatusCode.BadRequest, "invalid_grant");

        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code))).StatusCode);
    }

    [Fact]
    public async Task Rfc9700_VerifierForACodeIssuedWithoutChallenge_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query.Remove("code_challenge");
        query.Remove("code_challenge_method");
        var code = await SsoFlow.CodeAsync(_broker, app, query);

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code)), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code, verifier: null))).StatusCode);
    }

    [Fact]
    public async Task Rfc6749_4_1_3_RedirectUriDifferentFromAuthorization_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);
        var form = SsoFlow.CodeForm(app, code);
        form["redirect_uri"] = "https://app.example/other";

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, form), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc6749_4_1_3_CodeIssuedToAnotherClient_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var other = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);

        var response = await SsoFlow.TokenAsync(_backend, other, SsoFlow.CodeForm(other, code));

        await SsoFlow.IsOAuthError(response, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task CodeLifetime_CodeOlderThanSixtySeconds_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);
        _broker.Time.Advance(TimeSpan.FromSeconds(60));

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc6749_5_2_WrongClientSecret_Is401InvalidClientWithBasicChallenge()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);

        var response = await SsoFlow.TokenAsync(_backend, app with { Secret = "tbs_wrong" }, SsoFlow.CodeForm(app, code));

        await SsoFlow.IsOAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Rfc6749_2_3_ConfidentialClientWithoutSecret_IsInvalidClient()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);
        var form = SsoFlow.CodeForm(app, code);
        form["client_id"] = app.AppId;

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, form, basic: false), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Rfc6749_2_3_BasicAndPostTogether_IsInvalidRequest()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var form = SsoFlow.CodeForm(app, "tbc_x");
        form["client_secret"] = app.Secret;

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, form), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("client_credentials", "unsupported_grant_type")]
    [InlineData("", "invalid_request")]
    public async Task Rfc6749_5_2_GrantTypes(string grantType, string error)
    {
        var app = await SsoFlow.CreateAsync(_broker);

        var response = await SsoFlow.TokenAsync(_backend, app, new Dictionary<string, string> { ["grant_type"] = grantType });

        await SsoFlow.IsOAuthError(response, HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task Rfc6749_3_2_RepeatedParameter_IsInvalidRequest()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new StringContent("grant_type=authorization_code&code=a&code=b", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{app.AppId}:{app.Secret}")));

        await SsoFlow.IsOAuthError(await _backend.SendAsync(request), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Contract_TokenEndpointWithJsonBody_Is415InOAuthShape()
    {
        var response = await _backend.PostAsync("/oauth2/token", new StringContent("{\"grant_type\":\"refresh_token\"}", System.Text.Encoding.UTF8, "application/json"));

        await SsoFlow.IsOAuthError(response, HttpStatusCode.UnsupportedMediaType, "invalid_request");
    }

    [Fact]
    public async Task AccessToken_IsAcceptedAsCallerCredential_OnTurn()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = "turn-secret", uris = new[] { "turn:127.0.0.1:3478" } } });
        var tokens = await SsoFlow.TokensAsync(_broker, app);
        _backend.UseBearer(tokens.GetProperty("access_token").GetString()!);

        var turn = await SsoFlow.ReadAsync(await _backend.PostAsync("/v1/turn", null));

        Assert.EndsWith(":" + app.UserId, turn.GetProperty("username").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonWebToken> ValidateAsync(string token, string audience)
    {
        var jwks = new JsonWebKeySet(await _backend.GetStringAsync("/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost",
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
