using System.Net;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// Which redirect URIs the authorization endpoints send a browser to (CONTRACT §4, RFC 6749 §3.1.2 and
/// §4.1.2.1, RFC 9700 §4.1.3, RFC 8252 §7.3): app and redirect are checked first, and a bad one is a page.
/// </summary>
public sealed class AuthorizeRedirectUriTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData(OAuth2Route, false)]
    [InlineData(OAuth2Route, true)]
    [InlineData(TokyRoute, false)]
    [InlineData(TokyRoute, true)]
    public async Task Contract_4_UnknownApp_Is404PageWithoutRedirect(string route, bool signedIn)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = signedIn ? await SignedInBrowserAsync(_broker, app.Email) : SsoFlow.Browser(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["client_id"] = "no-such-app";

        await IsHtmlPage(await browser.GetAsync(AuthorizeUrl(route, query)), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(OAuth2Route, false)]
    [InlineData(OAuth2Route, true)]
    [InlineData(TokyRoute, false)]
    [InlineData(TokyRoute, true)]
    public async Task Rfc6749_4_1_2_1_UnregisteredRedirect_Is400PageWithoutRedirect(string route, bool signedIn)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = signedIn ? await SignedInBrowserAsync(_broker, app.Email) : SsoFlow.Browser(_broker);

        await AssertRefusedAsync(browser, route, app, "https://evil.example/cb");
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc9700_4_1_3_RedirectWithTrailingSlash_IsRefusedWithoutRedirect(string route) =>
        await AssertSignedInRefusedAsync(route, "https://app.example/cb", "https://app.example/cb/");

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc9700_4_1_3_RedirectWithDifferentCaseInPath_IsRefusedWithoutRedirect(string route) =>
        await AssertSignedInRefusedAsync(route, "https://app.example/cb", "https://app.example/CB");

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc9700_4_1_3_RedirectWithExtraQuery_IsRefusedWithoutRedirect(string route) =>
        await AssertSignedInRefusedAsync(route, "https://app.example/cb", "https://app.example/cb?next=https://evil.example");

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc9700_4_1_3_RedirectWithHttpInsteadOfHttps_IsRefusedWithoutRedirect(string route) =>
        await AssertSignedInRefusedAsync(route, "https://app.example/cb", "http://app.example/cb");

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc6749_3_1_2_RedirectWithFragment_IsRefusedWithoutRedirect(string route) =>
        await AssertSignedInRefusedAsync(route, "https://app.example/cb", "https://app.example/cb#frag");

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc9700_4_1_3_ConfidentialAppLoopbackRedirectOnAnotherPort_IsRefusedWithoutRedirect(string route) =>
        await AssertSignedInRefusedAsync(route, "http://127.0.0.1:8080/cb", "http://127.0.0.1:9090/cb");

    [Fact]
    public async Task Rfc9700_4_1_3_HttpsRedirectOnAnotherPort_IsRefusedWithoutRedirect() =>
        await AssertSignedInRefusedAsync(OAuth2Route, "https://app.example/cb", "https://app.example:8443/cb");

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc6749_3_1_2_RegisteredRedirectWithQuery_KeepsItAndAppendsCodeStateIss(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker, redirectUri: "https://app.example/cb?tenant=acme");
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        var response = await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app)));

        Assert.StartsWith("https://app.example/cb?tenant=acme&", Location(response), StringComparison.Ordinal);
        var parameters = SsoFlow.RedirectParameters(response);
        Assert.Equal("acme", parameters["tenant"]);
        Assert.StartsWith("tbc_", parameters["code"], StringComparison.Ordinal);
        Assert.Equal("st-123", parameters["state"]);
        Assert.Equal(Issuer, parameters["iss"]);
    }

    [Fact]
    public async Task Rfc8252_7_3_PublicAppLoopbackRedirect_AcceptsAnyPortAndBindsTheCodeToIt()
    {
        var app = await SsoFlow.CreateAsync(_broker, publicClient: true, redirectUri: "http://127.0.0.1/cb");
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var query = SsoFlow.AuthorizeQuery(app);
        query["redirect_uri"] = "http://127.0.0.1:51234/cb";

        var response = await SsoFlow.AuthorizeAsync(browser, query);

        Assert.StartsWith("http://127.0.0.1:51234/cb?", Location(response), StringComparison.Ordinal);
        var code = SsoFlow.RedirectParameters(response)["code"];
        var form = SsoFlow.CodeForm(app, code);
        form["redirect_uri"] = "http://127.0.0.1:51234/cb";
        Assert.Equal(HttpStatusCode.OK, (await SsoFlow.TokenAsync(_broker.CreateClient(), app, form)).StatusCode);
    }

    [Fact]
    public async Task Rfc8252_7_3_PublicAppLoopbackRedirectWithAnotherPath_IsRefusedWithoutRedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker, publicClient: true, redirectUri: "http://127.0.0.1/cb");
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        await AssertRefusedAsync(browser, OAuth2Route, app, "http://127.0.0.1:51234/other");
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc6749_3_1_2_3_RedirectOmittedWithOneRegistered_UsesItAndTheTokenRequestMayOmitItToo(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var query = SsoFlow.AuthorizeQuery(app);
        query["redirect_uri"] = null;

        var response = await browser.GetAsync(AuthorizeUrl(route, query));

        Assert.StartsWith(app.RedirectUri + "?", Location(response), StringComparison.Ordinal);
        var form = SsoFlow.CodeForm(app, SsoFlow.RedirectParameters(response)["code"]);
        form.Remove("redirect_uri");
        var tokens = await SsoFlow.TokenAsync(_broker.CreateClient(), app, form);
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
    }

    [Fact]
    public async Task Rfc6749_3_1_2_3_RedirectOmittedWithSeveralRegistered_Is400PageWithoutRedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        await TestApps.PatchAsync(_broker, app.AppId, new { redirectUris = new[] { app.RedirectUri, "https://app.example/other" } });
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var query = SsoFlow.AuthorizeQuery(app);
        query["redirect_uri"] = null;

        await IsHtmlPage(await SsoFlow.AuthorizeAsync(browser, query), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("redirect_uri")]
    [InlineData("client_id")]
    public async Task Rfc6749_3_1_RepeatedClientOrRedirectParameter_IsAPageNotARedirect(string parameter)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var extra = parameter == "redirect_uri" ? "https://evil.example/cb" : app.AppId;
        var url = AuthorizeUrl(OAuth2Route, SsoFlow.AuthorizeQuery(app)) + $"&{parameter}={Uri.EscapeDataString(extra)}";

        var response = await browser.GetAsync(url);

        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True((int)response.StatusCode is 400 or 404, $"Expected a 400 or 404 page, got {(int)response.StatusCode}");
    }

    private async Task AssertSignedInRefusedAsync(string route, string registered, string requested)
    {
        var app = await SsoFlow.CreateAsync(_broker, redirectUri: registered);
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        // The registered URI itself works, so the refusal is about the difference alone.
        Assert.StartsWith(registered, Location(await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app)))), StringComparison.Ordinal);
        await AssertRefusedAsync(browser, route, app, requested);
    }

    private static async Task AssertRefusedAsync(HttpClient browser, string route, SsoApp app, string requested)
    {
        var query = SsoFlow.AuthorizeQuery(app);
        query["redirect_uri"] = requested;

        var page = await IsHtmlPage(await browser.GetAsync(AuthorizeUrl(route, query)), HttpStatusCode.BadRequest);

        Assert.DoesNotContain("tbc_", page, StringComparison.Ordinal);
    }
}
