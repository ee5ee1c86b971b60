using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// The authorization endpoints for each browser state (CONTRACT §4): not signed in, signed-in member,
/// signed-in outsider; the response carries the code, the state as sent and the issuer (RFC 9207).
/// </summary>
public sealed class AuthorizeSessionTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Contract_4_NotSignedIn_RedirectsToSignInAndComesBackToTheSameAuthorizeUrl(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = SsoFlow.Browser(_broker);
        var authorize = await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app)));
        var authorizeUrl = authorize.RequestMessage!.RequestUri!.PathAndQuery;

        var login = Location(authorize);
        Assert.StartsWith("/auth/login?", login, StringComparison.Ordinal);
        Assert.Equal(authorizeUrl, QueryHelpers.ParseQuery(new Uri(new Uri(Issuer), login).Query)["returnUrl"].ToString());

        // A browser submits the form it was shown, hidden fields included.
        var signIn = await SubmitSignInFormAsync(browser, login, app.Email, app.Password);
        Assert.Equal(authorizeUrl, Location(signIn));

        var back = await browser.GetAsync(Location(signIn));
        Assert.StartsWith(app.RedirectUri + "?", Location(back), StringComparison.Ordinal);
        Assert.StartsWith("tbc_", SsoFlow.RedirectParameters(back)["code"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc9207_SignedInMember_RedirectsWithCodeStateAndTheDiscoveryIssuer(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var discovery = JsonDocument.Parse(await browser.GetStringAsync("/.well-known/oauth-authorization-server")).RootElement;

        var response = await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app)));

        Assert.StartsWith(app.RedirectUri + "?", Location(response), StringComparison.Ordinal);
        var parameters = SsoFlow.RedirectParameters(response);
        Assert.Equal(["code", "iss", "state"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("tbc_", parameters["code"], StringComparison.Ordinal);
        Assert.Equal("st-123", parameters["state"]);
        Assert.Equal(discovery.GetProperty("issuer").GetString(), parameters["iss"]);
        Assert.Equal(Issuer, parameters["iss"]);
    }

    [Fact]
    public async Task Rfc9207_ConfiguredIssuer_IsTheIssOfTheRedirect()
    {
        using var broker = new BrokerFactory(new Dictionary<string, string?> { ["TokenBroker:Issuer"] = "https://login.acme.example" });
        var app = await SsoFlow.CreateAsync(broker);
        var browser = await SignedInBrowserAsync(broker, app.Email);

        var response = await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app));

        Assert.Equal("https://login.acme.example", SsoFlow.RedirectParameters(response)["iss"]);
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc6749_4_1_2_StateWithSpecialCharacters_IsEchoedExactly(string route)
    {
        const string State = "a b+c&d=e/f?g#h%25i\u00e9\u4e2d\"'<>;,~";
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        var response = await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app, state: State)));

        Assert.Equal(State, SsoFlow.RedirectParameters(response)["state"]);
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Rfc6749_4_1_2_NoStateSent_NoStateInTheRedirect(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        var response = await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app, state: null)));

        var parameters = SsoFlow.RedirectParameters(response);
        Assert.False(parameters.ContainsKey("state"));
        Assert.True(parameters.ContainsKey("code"));
        Assert.Equal(Issuer, parameters["iss"]);
    }

    [Theory]
    [InlineData(OAuth2Route)]
    [InlineData(TokyRoute)]
    public async Task Contract_4_SignedInButNotAMember_IsAccessDeniedWithStateAndIss(string route)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var outsider = await CreateUserAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, outsider);

        var response = await browser.GetAsync(AuthorizeUrl(route, SsoFlow.AuthorizeQuery(app)));

        IsErrorRedirect(response, app.RedirectUri, "access_denied");
        Assert.Equal(0, await _broker.WithStoreAsync(db => Task.FromResult(db.AuthorizationCodes.Count())));
    }

    [Fact]
    public async Task Contract_4_EachAuthorization_IssuesAFreshCode()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        var first = SsoFlow.RedirectParameters(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app)))["code"];
        var second = SsoFlow.RedirectParameters(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app)))["code"];

        Assert.NotEqual(first, second);
    }
}
