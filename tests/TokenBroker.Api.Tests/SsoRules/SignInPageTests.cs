using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// The broker's sign-in and sign-out pages (CONTRACT §4): plain HTML forms that work without JavaScript,
/// protected against cross-site posts, and saying nothing about which accounts exist.
/// </summary>
public sealed partial class SignInPageTests : IDisposable
{
    private const string TokenField = "__RequestVerificationToken";

    private readonly BrokerFactory _broker = new();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Contract_4_SignInPage_IsOneScriptlessFormWithLabelledEmailAndPasswordAnAntiforgeryTokenAndOneButton()
    {
        var response = await SsoFlow.Browser(_broker).GetAsync("/auth/login");

        var page = await IsHtmlPage(response, HttpStatusCode.OK);
        var form = Assert.Single(Tags("form", page));
        Assert.Equal("post", Attribute(form, "method"), ignoreCase: true);
        Assert.Equal("/auth/login", Attribute(form, "action"));
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);

        var inputs = Tags("input", page).ToList();
        var labels = Tags("label", page).Select(l => Attribute(l, "for")).ToList();
        foreach (var (name, type) in new[] { ("email", "email"), ("password", "password") })
        {
            var input = Assert.Single(inputs, i => Attribute(i, "name") == name);
            Assert.Equal(type, Attribute(input, "type"));
            Assert.Contains(Attribute(input, "id"), labels);
        }

        var token = Assert.Single(inputs, i => Attribute(i, "name") == TokenField);
        Assert.Equal("hidden", Attribute(token, "type"));
        Assert.NotEmpty(Attribute(token, "value"));
        var button = Assert.Single(Tags("button", page));
        Assert.Contains(Attribute(button, "type"), new[] { "", "submit" });
        Assert.DoesNotContain(inputs, i => Attribute(i, "type") is "submit" or "image");

        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Assert.Contains(cookies, c => c.Contains("antiforgery", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Antiforgery_SignInPostedWithoutTheToken_Is400PageAndDoesNotSignIn()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = SsoFlow.Browser(_broker);
        await browser.GetStringAsync("/auth/login");

        var response = await browser.PostAsync("/auth/login", Form(("email", app.Email), ("password", app.Password)));

        await IsHtmlPage(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("/auth/login?", Location(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Antiforgery_SignInPostedWithTheTokenButWithoutItsCookie_Is400Page()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var cookieless = _broker.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var token = SsoFlow.AntiforgeryToken(await cookieless.GetStringAsync("/auth/login"));

        var response = await cookieless.PostAsync("/auth/login", Form((TokenField, token), ("email", app.Email), ("password", app.Password)));

        await IsHtmlPage(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Contract_4_WrongPassword_ShowsTheFormAgainWithAnError()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = SsoFlow.Browser(_broker);

        var response = await SsoFlow.SignInAsync(browser, app.Email, "not-the-right-password");

        var page = await IsHtmlPage(response, HttpStatusCode.OK);
        Assert.Single(Tags("form", page));
        Assert.Single(Tags("input", page), i => Attribute(i, "name") == "password");
        Assert.False(string.IsNullOrWhiteSpace(ErrorText(page)));
        Assert.StartsWith("/auth/login?", Location(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contract_4_UnknownEmail_AnswersExactlyAsAWrongPassword()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        const string Unknown = "nobody-here@example.com";

        var wrongPassword = await SsoFlow.SignInAsync(SsoFlow.Browser(_broker), app.Email, "not-the-right-password");
        var unknownEmail = await SsoFlow.SignInAsync(SsoFlow.Browser(_broker), Unknown, "not-the-right-password");

        Assert.Equal(wrongPassword.StatusCode, unknownEmail.StatusCode);
        Assert.Equal(wrongPassword.Content.Headers.ContentType, unknownEmail.Content.Headers.ContentType);
        var known = await wrongPassword.Content.ReadAsStringAsync();
        var unknown = await unknownEmail.Content.ReadAsStringAsync();
        Assert.Equal(ErrorText(known), ErrorText(unknown));

        // Apart from the anti-forgery token and the address the user typed, the pages are identical.
        Assert.Equal(Normalize(known, app.Email), Normalize(unknown, Unknown));
    }

    [Fact]
    public async Task Contract_4_SignInSessionCookie_IsHttpOnlyAndSameSiteLax()
    {
        var app = await SsoFlow.CreateAsync(_broker);

        var response = await SsoFlow.SignInAsync(SsoFlow.Browser(_broker), app.Email, app.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => !c.Contains("antiforgery", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignOut_GetShowsAFormWithAnAntiforgeryToken()
    {
        var page = await IsHtmlPage(await SsoFlow.Browser(_broker).GetAsync("/auth/logout"), HttpStatusCode.OK);

        var form = Assert.Single(Tags("form", page));
        Assert.Equal("post", Attribute(form, "method"), ignoreCase: true);
        Assert.Equal("/auth/logout", Attribute(form, "action"));
        Assert.Single(Tags("input", page), i => Attribute(i, "name") == TokenField && Attribute(i, "type") == "hidden");
        Assert.Single(Tags("button", page));
    }

    [Fact]
    public async Task SignOut_PostedWithTheAntiforgeryToken_EndsTheSession()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);
        var token = SsoFlow.AntiforgeryToken(await browser.GetStringAsync("/auth/logout"));

        var response = await browser.PostAsync("/auth/logout", Form((TokenField, token)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("/auth/login?", Location(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Antiforgery_SignOutPostedWithoutTheToken_Is400PageAndKeepsTheSession()
    {
        var app = await SsoFlow.CreateAsync(_broker);
        var browser = await SignedInBrowserAsync(_broker, app.Email);

        var response = await browser.PostAsync("/auth/logout", Form());

        await IsHtmlPage(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(app.RedirectUri + "?", Location(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app))), StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static IEnumerable<string> Tags(string name, string page) =>
        Regex.Matches(page, $"<{name}\\b[^>]*>", RegexOptions.IgnoreCase).Select(m => m.Value);

    private static string Attribute(string tag, string name) =>
        WebUtility.HtmlDecode(Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase).Groups[1].Value);

    private static string ErrorText(string page) => WebUtility.HtmlDecode(Alert().Match(page).Groups[1].Value).Trim();

    private static string Normalize(string page, string email) =>
        AntiforgeryValue().Replace(page.Replace(WebUtility.HtmlEncode(email), "EMAIL", StringComparison.Ordinal), "TOKEN");

    [GeneratedRegex("role=\"alert\"[^>]*>([^<]*)<")]
    private static partial Regex Alert();

    [GeneratedRegex("(?<=name=\"__RequestVerificationToken\" value=\")[^\"]+")]
    private static partial Regex AntiforgeryValue();
}
