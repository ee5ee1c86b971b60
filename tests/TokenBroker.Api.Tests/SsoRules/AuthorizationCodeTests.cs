using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// The authorization code itself (CONTRACT §4): at least 128 random bits, kept only as a SHA-256
/// hash, and bound to the redirect URI it was issued for (RFC 6749 §4.1.3, §10.10; RFC 9700 §4.1.3).
/// </summary>
public sealed class AuthorizationCodeTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Rfc6749_10_10_Code_HasAtLeast128RandomBitsAfterItsPrefix()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add(SsoFlow.RedirectParameters(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app)))["code"]);
        }

        foreach (var code in codes)
        {
            // 22 base64url characters carry 132 bits.
            Assert.Matches(@"\Atbc_[A-Za-z0-9_-]{22,}\z", code);
        }

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Contract_4_Code_IsStoredOnlyAsItsSha256Hash()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);

        var rows = await _broker.WithStoreAsync(db => db.AuthorizationCodes.AsNoTracking().ToListAsync());

        var row = Assert.Single(rows);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(code)), row.CodeHash);
        var secretPart = code["tbc_".Length..];
        foreach (var property in row.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            var value = (string?)property.GetValue(row) ?? "";
            Assert.DoesNotContain(secretPart, value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rfc6749_4_1_3_CodeExchangedWithAnotherRegisteredRedirect_IsInvalidGrantAndNotConsumed()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { redirectUris = new[] { app.RedirectUri, "https://app.example/other" } });
        var code = await SsoFlow.CodeAsync(_broker, app);
        var backend = _broker.CreateClient();
        var form = SsoFlow.CodeForm(app, code);
        form["redirect_uri"] = "https://app.example/other";

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(backend, app, form), HttpStatusCode.BadRequest, "invalid_grant");

        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(backend, app, SsoFlow.CodeForm(app, code))).StatusCode);
    }

    [Fact]
    public async Task Rfc6749_4_1_3_RedirectSentInAuthorizationButOmittedInTokenRequest_IsInvalidGrant()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var code = await SsoFlow.CodeAsync(_broker, app);
        var form = SsoFlow.CodeForm(app, code);
        form.Remove("redirect_uri");

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_broker.CreateClient(), app, form), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Rfc6749_4_1_3_CodeFromTheTokyRoute_IsBoundToItsRedirectUrlToo()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { redirectUris = new[] { app.RedirectUri, "https://app.example/other" } });
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var code = SsoFlow.RedirectParameters(await browser.GetAsync(AuthorizeUrl(TokyRoute, SsoFlow.AuthorizeQuery(app))))["code"];
        var form = SsoFlow.CodeForm(app, code);
        form["redirect_uri"] = "https://app.example/other";

        await SsoFlow.IsOAuthError(await SsoFlow.TokenAsync(_broker.CreateClient(), app, form), HttpStatusCode.BadRequest, "invalid_grant");
    }
}
