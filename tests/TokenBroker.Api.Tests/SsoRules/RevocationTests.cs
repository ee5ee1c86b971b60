using System.Net;
using System.Text;
using System.Text.Json;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// <c>POST /oauth2/revoke</c> (RFC 7009): client-authenticated, 200 whatever the token, and a revoked
/// refresh token takes its whole family and the access tokens issued with it along (RFC 7009 §2.1).
/// </summary>
public sealed class RevocationTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _backend;

    public RevocationTests() => _backend = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Rfc7009_2_1_RevokedRefreshToken_EndsItsFamilyAndTheAccessTokensIssuedWithIt()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        await EnableTurnAsync(_broker, app);
        var first = await SsoFlow.TokensAsync(_broker, app);
        var second = await SsoFlow.ReadAsync(await RefreshAsync(_backend, app, Refresh(first)));
        Assert.Equal(HttpStatusCode.OK, (await TurnAsync(_backend, Access(second))).StatusCode);

        var response = await RevokeAsync(_backend, app, Refresh(second));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing");
        await SsoFlow.IsOAuthError(await RefreshAsync(_backend, app, Refresh(second)), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, (await TurnAsync(_backend, Access(second))).StatusCode);
        IsExactlyInactive(await IntrospectAsync(_backend, app, Access(second)));
        IsExactlyInactive(await IntrospectAsync(_backend, app, Access(first)));
    }

    [Fact]
    public async Task Rfc7009_2_1_RevokedEarlierRefreshToken_EndsTheLaterOnesOfItsFamily()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var first = await SsoFlow.TokensAsync(_broker, app);
        var second = await SsoFlow.ReadAsync(await RefreshAsync(_backend, app, Refresh(first)));

        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(_backend, app, Refresh(first))).StatusCode);

        await SsoFlow.IsOAuthError(await RefreshAsync(_backend, app, Refresh(second)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc7009_2_RevokedAccessToken_IsRefusedAfterwards()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        await EnableTurnAsync(_broker, app);
        var tokens = await SsoFlow.TokensAsync(_broker, app);
        Assert.Equal(HttpStatusCode.OK, (await TurnAsync(_backend, Access(tokens))).StatusCode);

        var response = await RevokeAsync(_backend, app, Access(tokens), ClientAuth.Post);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TurnAsync(_backend, Access(tokens))).StatusCode);
        IsExactlyInactive(await IntrospectAsync(_backend, app, Access(tokens)));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("tbr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")]
    public async Task Rfc7009_2_2_UnknownToken_Is200(string token)
    {
        var app = await SsoFlow.CreateAsync(_broker);

        var response = await RevokeAsync(_backend, app, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing");
    }

    [Fact]
    public async Task Rfc7009_2_1_AnotherClientsTokens_Are200AndStayValid()
    {
        var owner = await SsoFlow.CreateAsync(_broker);
        var other = await SsoFlow.CreateAsync(_broker);
        await EnableTurnAsync(_broker, owner);
        var tokens = await SsoFlow.TokensAsync(_broker, owner);

        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(_backend, other, Access(tokens))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(_backend, other, Refresh(tokens))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await TurnAsync(_backend, Access(tokens))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(_backend, owner, Refresh(tokens))).StatusCode);
    }

    [Fact]
    public async Task Rfc7009_2_1_NoClientAuthentication_Is401InvalidClientAndRevokesNothing()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var tokens = await SsoFlow.TokensAsync(_broker, app);

        var response = await RevokeAsync(_backend, app, Refresh(tokens), ClientAuth.None);

        await SsoFlow.IsOAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(_backend, app, Refresh(tokens))).StatusCode);
    }

    [Fact]
    public async Task Rfc7009_2_1_WrongClientSecret_Is401InvalidClientAndRevokesNothing()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var tokens = await SsoFlow.TokensAsync(_broker, app);

        var response = await RevokeAsync(_backend, app with { Secret = "tbs_wrong" }, Refresh(tokens));

        await SsoFlow.IsOAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(_backend, app, Refresh(tokens))).StatusCode);
    }

    [Fact]
    public async Task Contract_1_RevokeWithJsonBody_Is415InOAuthShape()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/revoke")
        {
            Content = new StringContent("{\"token\":\"tbr_x\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{app.AppId}:{app.Secret}")));

        await SsoFlow.IsOAuthError(await _backend.SendAsync(request), HttpStatusCode.UnsupportedMediaType, "invalid_request");
    }

    private static string Access(JsonElement tokens) => tokens.GetProperty("access_token").GetString()!;

    private static string Refresh(JsonElement tokens) => tokens.GetProperty("refresh_token").GetString()!;
}
