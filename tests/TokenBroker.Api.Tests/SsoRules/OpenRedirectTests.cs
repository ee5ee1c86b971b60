using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// The sign-in page's return target is never an open redirect (RFC 9700 §4.11, CONTRACT §4): whatever
/// <c>returnUrl</c> says, after a successful sign-in the browser stays on the broker.
/// </summary>
public sealed class OpenRedirectTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Rfc9700_4_11_ReturnUrlOffSite_SignInRedirectsToALocalPathOnly(string returnUrl)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = SsoFlow.Browser(_broker);

        // SignInAsync posts returnUrl as given, the way a forged form would.
        var signIn = await SsoFlow.SignInAsync(browser, app.Email, app.Password, returnUrl);

        AssertLocal(Location(signIn));
        var authorize = await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app));
        Assert.StartsWith(app.RedirectUri + "?", Location(authorize), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task Rfc9700_4_11_ReturnUrlOffSite_IsNotCarriedIntoTheSignInForm(string returnUrl)
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = SsoFlow.Browser(_broker);
        var login = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/auth/login", "returnUrl", returnUrl);

        var page = await browser.GetStringAsync(login);
        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);

        AssertLocal(Location(await SubmitSignInFormAsync(browser, login, app.Email, app.Password)));
    }

    [Fact]
    public async Task Contract_4_ReturnUrlLocalPath_IsFollowedAfterSignIn()
    {
        var app = await SsoFlow.CreateAsync(_broker);

        var signIn = await SsoFlow.SignInAsync(SsoFlow.Browser(_broker), app.Email, app.Password, "/auth/logout");

        Assert.Equal("/auth/logout", Location(signIn));
    }

    /// <summary>A browser resolving this Location stays on the broker's own origin.</summary>
    private static void AssertLocal(string location)
    {
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
        Assert.DoesNotContain(location, char.IsControl);
        Assert.DoesNotContain(location, char.IsWhiteSpace);
        Assert.Equal("localhost", new Uri(new Uri(Issuer + "/"), location).Host);
    }
}
