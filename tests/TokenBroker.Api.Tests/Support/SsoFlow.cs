using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace TokenBroker.Api.Tests.Support;

/// <summary>An app with an SSO member: everything a browser sign-in needs.</summary>
public sealed record SsoApp(string AppId, string Secret, string RoleId, string RedirectUri, string UserId, string Email, string Password, bool PublicClient);

/// <summary>The SSO flow driven over HTTP, as a browser (cookies, forms) and an app backend would.</summary>
public static partial class SsoFlow
{
    public const string Password = "correct-horse-battery-staple";
    public const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    public static string Challenge(string verifier = Verifier) =>
        Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>A browser: keeps cookies, does not follow redirects (tests look at each one).</summary>
    public static HttpClient Browser(BrokerFactory broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return broker.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public static async Task<SsoApp> CreateAsync(
        BrokerFactory broker, bool publicClient = false, string[]? permissions = null, int? roleMaxTtl = null, string redirectUri = "https://app.example/cb")
    {
        ArgumentNullException.ThrowIfNull(broker);
        using var admin = broker.CreateAdminClient();
        var app = await ReadAsync(await admin.PostAsJsonAsync("/v1/apps", new { name = "SSO app", redirectUris = new[] { redirectUri }, publicClient }));
        var appId = app.GetProperty("appId").GetString()!;
        var role = await ReadAsync(await admin.PostAsJsonAsync($"/v1/apps/{appId}/roles", new
        {
            name = "agent",
            permissions = permissions ?? ["turn", "rtc:join", "rtm:login", "tickets:read"],
            maxTtl = roleMaxTtl,
        }));
        var roleId = role.GetProperty("roleId").GetString()!;
        var email = $"agent-{Guid.NewGuid():N}@example.com";
        var user = await ReadAsync(await admin.PostAsJsonAsync("/v1/users", new { email, password = Password, type = "agent", displayName = "Agent" }));
        var userId = user.GetProperty("userId").GetString()!;
        (await admin.PutAsJsonAsync($"/v1/apps/{appId}/members/{userId}", new { roleId })).EnsureSuccessStatusCode();
        return new SsoApp(appId, app.GetProperty("appSecret").GetString()!, roleId, redirectUri, userId, email, Password, publicClient);
    }

    /// <summary>Signs in through the broker's own form; returns the response to the form post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.GetStringAsync(returnUrl is null ? "/auth/login" : QueryHelpers.AddQueryString("/auth/login", "returnUrl", returnUrl));
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl ?? "",
        };
        return await browser.PostAsync("/auth/login", new FormUrlEncodedContent(fields));
    }

    public static string AntiforgeryToken(string page) => WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);

    /// <summary>The query of /oauth2/authorize for this app with PKCE S256, optionally changed.</summary>
    public static Dictionary<string, string?> AuthorizeQuery(SsoApp app, string? scope = "openid", string? state = "st-123", string? nonce = "n-456")
    {
        ArgumentNullException.ThrowIfNull(app);
        return new()
        {
            ["response_type"] = "code",
            ["client_id"] = app.AppId,
            ["redirect_uri"] = app.RedirectUri,
            ["state"] = state,
            ["nonce"] = nonce,
            ["scope"] = scope,
            ["code_challenge"] = Challenge(),
            ["code_challenge_method"] = "S256",
        };
    }

    public static Task<HttpResponseMessage> AuthorizeAsync(HttpClient browser, IDictionary<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(browser);
        return browser.GetAsync(QueryHelpers.AddQueryString("/oauth2/authorize", query.Where(p => p.Value is not null)!));
    }

    /// <summary>Signs in and authorizes; returns the code from the redirect.</summary>
    public static async Task<string> CodeAsync(BrokerFactory broker, SsoApp app, IDictionary<string, string?>? query = null)
    {
        var browser = Browser(broker);
        var signIn = await SignInAsync(browser, app.Email, app.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var response = await AuthorizeAsync(browser, query ?? AuthorizeQuery(app));
        return RedirectParameters(response)["code"];
    }

    /// <summary>The parameters of a redirect's Location (asserting it is one).</summary>
    public static Dictionary<string, string> RedirectParameters(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var query = location.Contains('?', StringComparison.Ordinal) ? location[location.IndexOf('?', StringComparison.Ordinal)..] : "";
        return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>POST /oauth2/token with client_secret_basic (or no secret for public apps).</summary>
    public static async Task<HttpResponseMessage> TokenAsync(HttpClient client, SsoApp app, IDictionary<string, string> form, bool basic = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        if (basic && !app.PublicClient)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{app.AppId}:{app.Secret}")));
        }

        return await client.SendAsync(request);
    }

    public static Dictionary<string, string> CodeForm(SsoApp app, string code, string? verifier = Verifier)
    {
        ArgumentNullException.ThrowIfNull(app);
        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = app.RedirectUri };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        if (app.PublicClient)
        {
            form["client_id"] = app.AppId;
        }

        return form;
    }

    public static Dictionary<string, string> RefreshForm(SsoApp app, string refreshToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (app.PublicClient)
        {
            form["client_id"] = app.AppId;
        }

        return form;
    }

    /// <summary>Signs in, authorizes and exchanges: the token response JSON.</summary>
    public static async Task<JsonElement> TokensAsync(BrokerFactory broker, SsoApp app)
    {
        var code = await CodeAsync(broker, app);
        var response = await TokenAsync(broker.CreateClient(), app, CodeForm(app, code));
        return await ReadAsync(response);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 6749 §5.2 error with no-store; returns the body.</summary>
    public static async Task<JsonElement> IsOAuthError(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing");
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error_description").GetString()));
        return json;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
