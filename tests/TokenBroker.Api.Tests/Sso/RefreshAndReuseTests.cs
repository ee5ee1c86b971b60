using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Tests.SsoRules;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Sso;

/// <summary>
/// Refresh-token rotation and one-time codes under replay and concurrency (RFC 9700 §4.14.2,
/// RFC 6749 §4.1.2): the places where token servers have shipped bugs.
/// </summary>
public sealed class RefreshAndReuseTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _backend;

    public RefreshAndReuseTests() => _backend = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Refresh_ReturnsANewPair_AndConsumesTheOldRefreshToken()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var first = await SsoFlow.TokensAsync(_broker, app);
        var refresh = first.GetProperty("refresh_token").GetString()!;

        var second = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh)));

        Assert.NotEqual(refresh, second.GetProperty("refresh_token").GetString());
        Assert.NotEqual(first.GetProperty("access_token").GetString(), second.GetProperty("access_token").GetString());
        Assert.Equal("openid", second.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task AccessTokens_CarryTheirRefreshFamilyAsSid_WhichANewSignInDoesNotShare()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var first = await SsoFlow.TokensAsync(_broker, app);
        var second = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, first.GetProperty("refresh_token").GetString()!)));
        var other = await SsoFlow.TokensAsync(_broker, app);

        var family = SidOf(first);

        var stored = await _broker.WithStoreAsync(db => db.RefreshFamilies.AsNoTracking().SingleAsync(f => f.Id == family));
        Assert.Equal((app.AppId, (DateTimeOffset?)null), (stored.AppId, stored.RevokedAt));
        Assert.Equal(family, SidOf(second));
        Assert.NotEqual(family, SidOf(other));

        static string SidOf(JsonElement tokens) => new JsonWebToken(tokens.GetProperty("access_token").GetString()).GetPayloadValue<string>("sid");
    }

    [Fact]
    public async Task Refresh_WithATokenStoredBeforeKeysWereTimeOrdered_StillWorks()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var issued = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        var earlier = Secret.Create("tbr_");
        var key = OrderedSecret.StorageKey(issued, "tbr_");
        await _broker.WithStoreAsync(db => db.RefreshTokens.Where(t => t.TokenHash == key)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.TokenHash, Secret.Hash(earlier))));

        var refreshed = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, earlier)));

        Assert.Equal(68, refreshed.GetProperty("refresh_token").GetString()!.Length);
        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, issued)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc9700_4_14_2_ConsumedRefreshTokenPresentedAgain_RevokesTheWholeFamily()
    {
        var app = await SsoFlow.CreateAsync(_broker, permissions: ["turn"]);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = "turn-secret", uris = new[] { "turn:127.0.0.1:3478" } } });
        var first = await SsoFlow.TokensAsync(_broker, app);
        var stolen = first.GetProperty("refresh_token").GetString()!;
        var rotated = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, stolen)));
        _broker.Time.Advance(TimeSpan.FromSeconds(10));

        var replay = await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, stolen));

        await SsoFlow.IsOAuthError(replay, HttpStatusCode.BadRequest, "invalid_grant");
        var successor = await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, rotated.GetProperty("refresh_token").GetString()!));
        await SsoFlow.IsOAuthError(successor, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, (await TurnWithAsync(rotated.GetProperty("access_token").GetString()!)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TurnWithAsync(first.GetProperty("access_token").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task RefreshReuseGrace_ReplayWithinTheGrace_IsRefusedButKeepsTheFamily()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var refresh = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        var rotated = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh)));
        _broker.Time.Advance(TimeSpan.FromSeconds(2));

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh)), HttpStatusCode.BadRequest, "invalid_grant");

        var next = await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, rotated.GetProperty("refresh_token").GetString()!));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Refresh_TwentyConcurrentUsesOfOneToken_ExactlyOneGetsANewPair_WhichKeepsWorking()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var refresh = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SsoFlow.TokenAsync(_broker.CreateClient(), app, SsoFlow.RefreshForm(app, refresh))));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        Assert.All(responses.Except(winners), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var pair = await SsoFlow.ReadAsync(winners[0]);
        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, pair.GetProperty("refresh_token").GetString()!))).StatusCode);
    }

    [Fact]
    public async Task Refresh_TokenOfAnotherClient_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var other = await SsoFlow.CreateAsync(_broker);
        var refresh = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, other, SsoFlow.RefreshForm(other, refresh)), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh))).StatusCode);
    }

    [Fact]
    public async Task Rfc6749_6_WiderScopeOnRefresh_IsInvalidScope_AndLeavesTheTokenUsable()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var refresh = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        var form = SsoFlow.RefreshForm(app, refresh);
        form["scope"] = "openid email";

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, form), HttpStatusCode.BadRequest, "invalid_scope");
        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh))).StatusCode);
    }

    [Fact]
    public async Task Refresh_AfterTheRefreshTokenLifetime_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var refresh = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        _broker.Time.Advance(TimeSpan.FromDays(30));

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Refresh_UserNoLongerAMember_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var refresh = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        (await _broker.CreateAdminClient().DeleteAsync($"/v1/apps/{app.AppId}/members/{app.UserId}")).EnsureSuccessStatusCode();

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh)), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Refresh_UserDeleted_IsInvalidGrant_AndTheirTokensAreGoneAtOnce_OthersStay()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var refresh = (await SsoFlow.TokensAsync(_broker, app)).GetProperty("refresh_token").GetString()!;
        var other = await SsoFlow.CreateAsync(_broker);
        var kept = (await SsoFlow.TokensAsync(_broker, other)).GetProperty("refresh_token").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await _broker.CreateAdminClient().DeleteAsync($"/v1/users/{app.UserId}")).StatusCode);

        Assert.Equal(0, await _broker.WithStoreAsync(db => db.RefreshTokens.CountAsync(t => t.UserId == app.UserId)));
        Assert.Equal(0, await _broker.WithStoreAsync(db => db.RefreshFamilies.CountAsync(f => f.UserId == app.UserId)));
        SsoRuleSupport.IsExactlyInactive(await SsoRuleSupport.IntrospectAsync(_backend, app, refresh));
        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh)), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(_backend, other, SsoFlow.RefreshForm(other, kept))).StatusCode);
    }

    [Fact]
    public async Task Rfc6749_4_1_2_CodeUsedTwice_IsInvalidGrant_AndRevokesTheTokensIssuedFromIt()
    {
        var app = await SsoFlow.CreateAsync(_broker, permissions: ["turn"]);
        await TestApps.PatchAsync(_broker, app.AppId, new { turn = new { secret = "turn-secret", uris = new[] { "turn:127.0.0.1:3478" } } });
        var code = await SsoFlow.CodeAsync(_broker, app);
        var issued = await SsoFlow.ReadAsync(await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code)));
        Assert.Equal(HttpStatusCode.OK, (await TurnWithAsync(issued.GetProperty("access_token").GetString()!)).StatusCode);

        var replay = await SsoFlow.TokenAsync(_backend, app, SsoFlow.CodeForm(app, code));

        await SsoFlow.IsOAuthError(replay, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, (await TurnWithAsync(issued.GetProperty("access_token").GetString()!)).StatusCode);
        var refresh = await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, issued.GetProperty("refresh_token").GetString()!));
        await SsoFlow.IsOAuthError(refresh, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Code_TwentyConcurrentExchanges_ExactlyOneSucceeds_NoneIs5xx()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SsoFlow.TokenAsync(_broker.CreateClient(), app, SsoFlow.CodeForm(app, code))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Fact]
    public async Task Code_ConcurrentReplay_LeavesNoUsableTokens()
    {
        // Whichever request wins, a code presented twice must leave nothing usable behind.
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SsoFlow.TokenAsync(_broker.CreateClient(), app, SsoFlow.CodeForm(app, code))));

        foreach (var winner in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            var refresh = (await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;
            await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_backend, app, SsoFlow.RefreshForm(app, refresh)), HttpStatusCode.BadRequest, "invalid_grant");
        }
    }

    private async Task<HttpResponseMessage> TurnWithAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/turn");
        request.Headers.Authorization = new("Bearer", accessToken);
        return await _backend.SendAsync(request);
    }
}
