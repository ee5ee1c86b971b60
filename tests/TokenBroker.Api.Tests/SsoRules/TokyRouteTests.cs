using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// Toky-style <c>POST /v1/access_token</c> (JSON) and <c>POST /v1/access_token/refresh</c> (form), proven
/// by <c>App-Secret</c> (CONTRACT §4), answering like /oauth2/token: snake_case, no-store, RFC 6749 §5.2 errors.
/// </summary>
public sealed class TokyRouteTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _backend;

    public TokyRouteTests() => _backend = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Toky_CodeExchangeWithAppSecret_ReturnsTheSnakeCaseTokenResponseWithNoStore()
    {
        var app = await SsoFlow.CreateAsync(_broker, roleMaxTtl: 600);
        var code = await TokyCodeAsync(app);

        var response = await ExchangeAsync(app.Secret, Body(app, code));

        var body = await SsoFlow.ReadAsync(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing");
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(600, body.GetProperty("expires_in").GetInt64());
        Assert.Equal("openid", body.GetProperty("scope").GetString());
        Assert.StartsWith("tbr_", body.GetProperty("refresh_token").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, body.GetProperty("access_token").GetString()!.Split('.').Length);
        Assert.False(body.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task Rfc6749_5_2_WrongAppSecret_Is401InvalidClient_AndDoesNotConsumeTheCode()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await TokyCodeAsync(app);

        await SsoFlow.IsOAuthError(await ExchangeAsync("tbs_wrong", Body(app, code)), HttpStatusCode.Unauthorized, "invalid_client");

        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(app.Secret, Body(app, code))).StatusCode);
    }

    [Fact]
    public async Task Rfc6749_2_3_ConfidentialAppWithoutAppSecret_Is401InvalidClient()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await TokyCodeAsync(app);

        await SsoFlow.IsOAuthError(await ExchangeAsync(null, Body(app, code)), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Rfc7636_PublicAppWithoutAppSecret_ExchangesWithPkceAlone()
    {
        var app = await SsoFlow.CreateAsync(_broker, publicClient: true, redirectUri: "com.example.app:/cb");
        var code = await TokyCodeAsync(app);

        var body = await SsoFlow.ReadAsync(await ExchangeAsync(null, Body(app, code)));

        var refreshed = await RefreshAsync(null, Form(body.GetProperty("refresh_token").GetString()!));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Theory]
    [InlineData("authorization_code")]
    [InlineData("refresh_token")]
    [InlineData("")]
    public async Task Rfc6749_5_2_GrantTypeOtherThanCode_IsUnsupportedGrantType(string grantType)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await TokyCodeAsync(app);
        var body = Body(app, code);
        body["grant_type"] = grantType;

        await SsoFlow.IsOAuthError(await ExchangeAsync(app.Secret, body), HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task Contract_1_CodeExchangeWithFormBody_Is415InOAuthShape()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await TokyCodeAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/access_token") { Content = new FormUrlEncodedContent(Body(app, code)!) };
        request.Headers.Add("App-Secret", app.Secret);

        await SsoFlow.IsOAuthError(await _backend.SendAsync(request), HttpStatusCode.UnsupportedMediaType, "invalid_request");
    }

    [Fact]
    public async Task Rfc6749_5_2_UnknownCode_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);

        await SsoFlow.IsOAuthError(await ExchangeAsync(app.Secret, Body(app, "tbc_" + new string('A', 43))), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc9700_4_14_TokyRefresh_ReturnsANewPairAndConsumesTheOldToken()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var first = await SsoFlow.ReadAsync(await ExchangeAsync(app.Secret, Body(app, await TokyCodeAsync(app))));
        var oldToken = first.GetProperty("refresh_token").GetString()!;

        var response = await RefreshAsync(app.Secret, Form(oldToken));

        var second = await SsoFlow.ReadAsync(response);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing");
        Assert.Equal("Bearer", second.GetProperty("token_type").GetString());
        Assert.NotEqual(oldToken, second.GetProperty("refresh_token").GetString());
        Assert.NotEqual(first.GetProperty("access_token").GetString(), second.GetProperty("access_token").GetString());
        await SsoFlow.IsOAuthError(await RefreshAsync(app.Secret, Form(oldToken)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc6749_5_2_TokyRefreshWithWrongAppSecret_Is401InvalidClient()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var tokens = await SsoFlow.ReadAsync(await ExchangeAsync(app.Secret, Body(app, await TokyCodeAsync(app))));

        var response = await RefreshAsync("tbs_wrong", Form(tokens.GetProperty("refresh_token").GetString()!));

        await SsoFlow.IsOAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Contract_1_TokyRefreshWithJsonBody_Is415InOAuthShape()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/access_token/refresh")
        {
            Content = new StringContent("{\"token\":\"tbr_x\",\"grant_type\":\"refresh_token\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("App-Secret", app.Secret);

        await SsoFlow.IsOAuthError(await _backend.SendAsync(request), HttpStatusCode.UnsupportedMediaType, "invalid_request");
    }

    private async Task<string> TokyCodeAsync(SsoApp app)
    {
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        return SsoFlow.RedirectParameters(await browser.GetAsync(AuthorizeUrl(TokyRoute, SsoFlow.AuthorizeQuery(app))))["code"];
    }

    private static Dictionary<string, string?> Body(SsoApp app, string code) => new()
    {
        ["grant_type"] = "code",
        ["authorization_code"] = code,
        ["redirect_url"] = app.RedirectUri,
        ["code_verifier"] = SsoFlow.Verifier,
    };

    private static Dictionary<string, string> Form(string refreshToken) => new() { ["token"] = refreshToken, ["grant_type"] = "refresh_token" };

    private async Task<HttpResponseMessage> ExchangeAsync(string? appSecret, Dictionary<string, string?> body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/access_token") { Content = JsonContent.Create(body, options: JsonSerializerOptions.Default) };
        if (appSecret is not null)
        {
            request.Headers.Add("App-Secret", appSecret);
        }

        return await _backend.SendAsync(request);
    }

    private async Task<HttpResponseMessage> RefreshAsync(string? appSecret, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/access_token/refresh") { Content = new FormUrlEncodedContent(form) };
        if (appSecret is not null)
        {
            request.Headers.Add("App-Secret", appSecret);
        }

        return await _backend.SendAsync(request);
    }
}
