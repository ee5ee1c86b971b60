using System.Net;
using System.Text.RegularExpressions;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// Errors in an authorization request whose app and redirect URI are valid go back to the client as a
/// redirect with error, state and iss (RFC 6749 §4.1.2.1, RFC 9207), never as a code.
/// </summary>
public sealed partial class AuthorizeErrorRedirectTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc7636_4_3_PlainChallengeMethod_IsInvalidRequestRedirect(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["code_challenge"] = SsoFlow.Verifier;
        query["code_challenge_method"] = "plain";

        IsErrorRedirect(await SsoFlow.Browser(_broker).GetAsync(AuthorizeUrl(route, query)), app.RedirectUri, "invalid_request");
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc7636_4_3_ChallengeWithoutMethodMeansPlain_IsInvalidRequestRedirect(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["code_challenge_method"] = null;

        IsErrorRedirect(await SsoFlow.Browser(_broker).GetAsync(AuthorizeUrl(route, query)), app.RedirectUri, "invalid_request");
    }

    [Fact]
    public async Task Rfc7636_4_3_MethodWithoutChallenge_IsInvalidRequestRedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["code_challenge"] = null;

        IsErrorRedirect(await SsoFlow.AuthorizeAsync(SsoFlow.Browser(_broker), query), app.RedirectUri, "invalid_request");
    }

    [Theory]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijab")]
    [InlineData("has+plus/slash=0123456789012345678901234567890")]
    [InlineData("has space 0123456789012345678901234567890123")]
    public async Task Rfc7636_4_2_MalformedChallenge_IsInvalidRequestRedirect(string challenge)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["code_challenge"] = challenge;

        IsErrorRedirect(await SsoFlow.AuthorizeAsync(SsoFlow.Browser(_broker), query), app.RedirectUri, "invalid_request");
    }

    [Fact]
    public async Task Rfc7636_4_2_ChallengeLongerThan128Characters_IsInvalidRequestRedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["code_challenge"] = new string('a', 129);

        IsErrorRedirect(await SsoFlow.AuthorizeAsync(SsoFlow.Browser(_broker), query), app.RedirectUri, "invalid_request");
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc9700_2_1_1_PublicAppWithoutPkce_IsInvalidRequestRedirect(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker, publicClient: true, redirectUri: "com.example.app:/cb");
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var query = SsoFlow.AuthorizeQuery(app);
        query["code_challenge"] = null;
        query["code_challenge_method"] = null;

        IsErrorRedirect(await browser.GetAsync(AuthorizeUrl(route, query)), app.RedirectUri, "invalid_request");
    }

    [Fact]
    public async Task Rfc6749_4_1_2_1_ResponseTypeToken_IsUnsupportedResponseTypeRedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["response_type"] = "token";

        IsErrorRedirect(await SsoFlow.AuthorizeAsync(await SignedInBrowserAsync(_broker, app.Email), query), app.RedirectUri, "unsupported_response_type");
    }

    [Fact]
    public async Task Rfc6749_4_1_1_ResponseTypeMissing_IsInvalidRequestRedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["response_type"] = null;

        IsErrorRedirect(await SsoFlow.AuthorizeAsync(await SignedInBrowserAsync(_broker, app.Email), query), app.RedirectUri, "invalid_request");
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc6749_3_3_UnknownScope_IsInvalidScopeRedirect(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        var response = await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app, scope: "openid admin")));

        IsErrorRedirect(response, app.RedirectUri, "invalid_scope");
    }

    [Fact]
    public async Task Rfc6749_3_1_RepeatedParameter_IsInvalidRequestRedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var url = AuthorizeUrl(OAuth2Route, SsoFlow.AuthorizeQuery(app)) + "&scope=email";

        IsErrorRedirect(await browser.GetAsync(url), app.RedirectUri, "invalid_request");
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task OidcCore_3_1_2_6_PromptNoneWhileNotSignedIn_IsLoginRequiredRedirect(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["prompt"] = "none";

        IsErrorRedirect(await SsoFlow.Browser(_broker).GetAsync(AuthorizeUrl(route, query)), app.RedirectUri, "login_required");
    }

    [Fact]
    public async Task Rfc6749_4_1_2_1_InvalidRequestWithUnregisteredRedirect_IsAPageNotARedirect()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["redirect_uri"] = "https://evil.example/cb";
        query["code_challenge_method"] = "plain";
        query["response_type"] = "token";

        await IsHtmlPage(await SsoFlow.AuthorizeAsync(await SignedInBrowserAsync(_broker, app.Email), query), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OAuthFormPost_ResponseModeFormPost_IsAnAutoSubmittingFormPostingCodeStateIss()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var query = SsoFlow.AuthorizeQuery(app);
        query["response_mode"] = "form_post";

        var page = await IsHtmlPage(await SsoFlow.AuthorizeAsync(await SignedInBrowserAsync(_broker, app.Email), query), HttpStatusCode.OK);

        var form = Assert.Single(FormTag().Matches(page)).Value;
        Assert.Equal("post", Attribute(form, "method"), ignoreCase: true);
        Assert.Equal(app.RedirectUri, Attribute(form, "action"));
        var fields = HiddenFields(page);
        Assert.Equal(["code", "iss", "state"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("tbc_", fields["code"], StringComparison.Ordinal);
        Assert.Equal("st-123", fields["state"]);
        Assert.Equal(Issuer, fields["iss"]);
        Assert.Matches(@"<script>[^<]*\.submit\(\)", page);
    }

    private static string Attribute(string tag, string name) =>
        WebUtility.HtmlDecode(Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"").Groups[1].Value);

    [GeneratedRegex("<form\\b[^>]*>")]
    private static partial Regex FormTag();
}
