using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using TokenBroker.Api.Features.Sso;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.EndToEnd;

/// <summary>
/// CONTRACT §4 in a real browser: headless Chromium signs in on the broker's own page, served by
/// Kestrel, and comes back to the app's redirect URL with a code that the app's backend exchanges.
/// </summary>
public sealed class BrowserSsoTests : IAsyncLifetime, IDisposable
{
    private const string State = "state-7Qx_z.~9";
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly BrokerFactory _broker = new();
    private readonly List<string> _screenshots = [];
    private readonly string _redirect = $"http://127.0.0.1:{LiveBroker.UnusedLoopbackPort()}/cb";
    private readonly HttpClient _backend = new() { Timeout = TimeSpan.FromSeconds(30) };
    private string _baseUrl = "";

    public Task InitializeAsync()
    {
        _baseUrl = LiveBroker.StartOnLoopback(_broker);
        _backend.BaseAddress = new Uri(_baseUrl);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>xunit 2 calls this (it does not call IAsyncDisposable), also when InitializeAsync failed.</summary>
    public void Dispose()
    {
        _backend.Dispose();
        _broker.Dispose();

        // TOKENBROKER_KEEP_SCREENSHOTS=<dir> keeps a copy for a person to look at.
        var keep = Environment.GetEnvironmentVariable("TOKENBROKER_KEEP_SCREENSHOTS");
        foreach (var file in _screenshots.Where(File.Exists))
        {
            if (!string.IsNullOrEmpty(keep))
            {
                Directory.CreateDirectory(keep);
                File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
            }

            File.Delete(file);
        }
    }

    [Fact]
    public async Task Chromium_SignsInOnBrokerPage_LandsOnRedirectWithCodeStateIss_CodeExchangesForTokenVerifiedByJwks()
    {
        var app = await SsoFlow.CreateAsync(_broker, redirectUri: _redirect);
        await using var chromium = await ChromiumSession.LaunchAsync();
        var callbacks = await chromium.AnswerAsync(_redirect, "App callback");
        var page = chromium.Page;

        var shown = await page.GotoAsync(LoginUrl(app, SsoFlow.Challenge()));

        Assert.Equal(200, shown?.Status);
        Assert.Equal(_baseUrl + SignIn.LoginPath, WithoutQuery(page.Url));
        Assert.Empty(callbacks);

        await page.FillAsync("input[name=email]", app.Email);
        await page.FillAsync("input[name=password]", app.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(url => url.StartsWith(_redirect + "?", StringComparison.Ordinal));

        var parameters = Query(page.Url);
        Assert.Equal(_redirect, WithoutQuery(page.Url));
        Assert.Equal(State, parameters["state"]);
        Assert.Equal(_baseUrl, parameters["iss"]);
        Assert.DoesNotContain("error", parameters.Keys);
        var code = parameters["code"];
        Assert.False(string.IsNullOrEmpty(code));
        Assert.Equal([page.Url], callbacks);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "App callback" })).ToBeVisibleAsync();

        // The app's backend exchanges the code (Toky style, App-Secret) and checks the token with the JWKS alone.
        using var exchange = new HttpRequestMessage(HttpMethod.Post, "/v1/access_token")
        {
            Content = JsonContent.Create(new { grant_type = "code", authorization_code = code, redirect_url = _redirect, code_verifier = SsoFlow.Verifier }),
        };
        exchange.Headers.Add("App-Secret", app.Secret);
        var tokens = await SsoFlow.ReadAsync(await _backend.SendAsync(exchange));
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());

        var access = await ValidateThroughDiscoveryAsync(tokens.GetProperty("access_token").GetString()!, app.AppId);
        Assert.Equal(app.UserId, access.Subject);
        Assert.Equal(app.AppId, access.GetClaim("client_id").Value);
        Assert.Equal(app.Email, access.GetClaim("email").Value);
        Assert.Equal(app.RoleId, access.GetClaim("role").Value);
        Assert.Equal("agent", access.GetClaim("user_type").Value);

        // The code is single use, whoever presents it.
        using var again = new HttpRequestMessage(HttpMethod.Post, "/v1/access_token")
        {
            Content = JsonContent.Create(new { grant_type = "code", authorization_code = code, redirect_url = _redirect, code_verifier = SsoFlow.Verifier }),
        };
        again.Headers.Add("App-Secret", app.Secret);
        await SsoFlow.IsOAuthError(await _backend.SendAsync(again), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Chromium_WrongPassword_ShowsFormAgainWithError_NeverReachesRedirect_ThenRightPasswordDoes()
    {
        var app = await SsoFlow.CreateAsync(_broker, redirectUri: _redirect);
        await using var chromium = await ChromiumSession.LaunchAsync();
        var callbacks = await chromium.AnswerAsync(_redirect, "App callback");
        var page = chromium.Page;
        await page.GotoAsync(LoginUrl(app));

        await page.FillAsync("input[name=email]", app.Email);
        await page.FillAsync("input[name=password]", "not-the-password");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("form button[type=submit]"),
            response => response.Request.Method == "POST" && WithoutQuery(response.Url) == _baseUrl + SignIn.LoginPath);

        // The assertions below wait (up to their timeout) for the page the answer renders.
        Assert.Equal(200, answer.Status);
        Assert.Equal(_baseUrl + SignIn.LoginPath, WithoutQuery(page.Url));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(SignIn.WrongCredentials);
        await Assertions.Expect(page.Locator("input[name=email]")).ToHaveValueAsync(app.Email);
        await Assertions.Expect(page.Locator("input[name=password]")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("form button[type=submit]")).ToHaveCountAsync(1);
        Assert.Empty(callbacks);
        Assert.DoesNotContain(chromium.Requests, url => url.StartsWith(_redirect, StringComparison.Ordinal));

        // The form shown again still carries the way back: the right password completes the same authorization.
        await page.FillAsync("input[name=password]", app.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(url => url.StartsWith(_redirect + "?", StringComparison.Ordinal));

        var parameters = Query(page.Url);
        Assert.Equal(State, parameters["state"]);
        Assert.False(string.IsNullOrEmpty(parameters["code"]));
        Assert.Single(callbacks);
    }

    [Fact]
    public async Task SignInPage_InChromium_IsAnAccessibleFormAndScreenshotsAsPng()
    {
        var app = await SsoFlow.CreateAsync(_broker, redirectUri: _redirect);
        await using var chromium = await ChromiumSession.LaunchAsync();
        var page = chromium.Page;
        await page.GotoAsync(LoginUrl(app));

        // What a person and a screen reader get: a titled English page, labelled fields, one named button.
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.StartsWith("Sign in", await page.TitleAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in to TokenBroker");
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveAttributeAsync("name", "email");
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveAttributeAsync("name", "password");
        await Assertions.Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        await AssertPngAsync(await ScreenshotAsync(page, "signin"));

        await page.FillAsync("input[name=email]", app.Email);
        await page.FillAsync("input[name=password]", "not-the-password");
        await page.ClickAsync("form button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(SignIn.WrongCredentials);
        await AssertPngAsync(await ScreenshotAsync(page, "signin-error"));
    }

    private string LoginUrl(SsoApp app, string? challenge = null)
    {
        var query = new Dictionary<string, string?> { ["redirect_url"] = _redirect, ["state"] = State };
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = "S256";
        }

        return QueryHelpers.AddQueryString($"{_baseUrl}/auth/sso/login/{app.AppId}", query);
    }

    private async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), "tokenbroker-tests", $"{name}-{Guid.NewGuid():N}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        _screenshots.Add(file);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Type = ScreenshotType.Png });
        return file;
    }

    /// <summary>A PNG: the signature, then an IHDR chunk with a non-zero width and height.</summary>
    private static async Task AssertPngAsync(string file)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 1000, $"{file} has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.True(width > 0 && height > 0, $"{file} is {width}x{height}");
    }

    /// <summary>Validates as an app's backend would: discovery, then the JWKS it names; real clock.</summary>
    private async Task<JsonWebToken> ValidateThroughDiscoveryAsync(string token, string audience)
    {
        var metadata = JsonDocument.Parse(await _backend.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        Assert.Equal(_baseUrl, metadata.GetProperty("issuer").GetString());
        var jwks = new JsonWebKeySet(await _backend.GetStringAsync(metadata.GetProperty("jwks_uri").GetString()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _baseUrl,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
            ValidateLifetime = true,
            ClockSkew = TimeSpan.Zero,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    private static string WithoutQuery(string url) => url.Split('?', 2)[0];

    private static Dictionary<string, string> Query(string url) =>
        QueryHelpers.ParseQuery(new Uri(url).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
}
