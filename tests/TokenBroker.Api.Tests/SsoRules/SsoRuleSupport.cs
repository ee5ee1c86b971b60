using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>How a client authenticates to /oauth2/revoke and /oauth2/introspect.</summary>
public enum ClientAuth
{
    None,
    Basic,
    Post,
}

/// <summary>What the SSO rule tests share beyond <see cref="SsoFlow"/>: both authorization routes, HTML pages, client auth.</summary>
public static partial class SsoRuleSupport
{
    public const string OAuth2Route = "oauth2";
    public const string TokyRoute = "toky";
    public const string Issuer = "http://localhost";

    /// <summary>
    /// The authorization URL for a standard query (<see cref="SsoFlow.AuthorizeQuery"/>) on either route:
    /// Toky's carries the app in the path and names the redirect <c>redirect_url</c>.
    /// </summary>
    public static string AuthorizeUrl(string route, IDictionary<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pairs = query.Where(p => p.Value is not null).ToList();
        if (route == OAuth2Route)
        {
            return QueryHelpers.AddQueryString("/oauth2/authorize", pairs);
        }

        var toky = pairs
            .Where(p => p.Key is not ("client_id" or "response_type"))
            .Select(p => p.Key == "redirect_uri" ? new KeyValuePair<string, string?>("redirect_url", p.Value) : p);
        return QueryHelpers.AddQueryString($"/auth/sso/login/{Uri.EscapeDataString(query["client_id"]!)}", toky);
    }

    public static async Task<HttpClient> SignedInBrowserAsync(BrokerFactory broker, string email, string password = SsoFlow.Password)
    {
        var browser = SsoFlow.Browser(broker);
        var signIn = await SsoFlow.SignInAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    /// <summary>A user who exists but is a member of no app.</summary>
    public static async Task<string> CreateUserAsync(BrokerFactory broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        using var admin = broker.CreateAdminClient();
        var email = $"outsider-{Guid.NewGuid():N}@example.com";
        (await admin.PostAsJsonAsync("/v1/users", new { email, password = SsoFlow.Password, type = "agent" })).EnsureSuccessStatusCode();
        return email;
    }

    /// <summary>Asserts an HTML page with the status and no redirect; returns the page.</summary>
    public static async Task<string> IsHtmlPage(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        Assert.Contains("<html", body, StringComparison.OrdinalIgnoreCase);
        return body;
    }

    /// <summary>The Location of a redirect, as sent.</summary>
    public static string Location(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a 302, got {(int)response.StatusCode}");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Asserts an authorization error redirect (RFC 6749 §4.1.2.1) to <paramref name="redirectUri"/> with state and iss.</summary>
    public static Dictionary<string, string> IsErrorRedirect(HttpResponseMessage response, string redirectUri, string error, string? state = "st-123")
    {
        var location = Location(response);
        Assert.StartsWith(redirectUri + "?", location, StringComparison.Ordinal);
        var parameters = SsoFlow.RedirectParameters(response);
        Assert.Equal(error, parameters["error"]);
        Assert.Equal(Issuer, parameters["iss"]);
        Assert.False(parameters.ContainsKey("code"));
        if (state is null)
        {
            Assert.False(parameters.ContainsKey("state"));
        }
        else
        {
            Assert.Equal(state, parameters["state"]);
        }

        return parameters;
    }

    /// <summary>The hidden fields of the page's form (HTML-decoded), as a browser would submit them.</summary>
    public static Dictionary<string, string> HiddenFields(string page) =>
        HiddenField().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    /// <summary>Fills in the sign-in form found at <paramref name="loginUrl"/> and submits it with every hidden field.</summary>
    public static async Task<HttpResponseMessage> SubmitSignInFormAsync(HttpClient browser, string loginUrl, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var fields = HiddenFields(await browser.GetStringAsync(loginUrl));
        fields["email"] = email;
        fields["password"] = password;
        return await browser.PostAsync("/auth/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>POST to an app-authenticated OAuth route (revoke, introspect) with a form.</summary>
    public static async Task<HttpResponseMessage> PostAsClientAsync(HttpClient client, string path, SsoApp app, IDictionary<string, string> form, ClientAuth auth = ClientAuth.Basic)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(app);
        var fields = new Dictionary<string, string>(form);
        if (auth == ClientAuth.Post)
        {
            fields["client_id"] = app.AppId;
            fields["client_secret"] = app.Secret;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (auth == ClientAuth.Basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{app.AppId}:{app.Secret}")));
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> RevokeAsync(HttpClient client, SsoApp app, string token, ClientAuth auth = ClientAuth.Basic) =>
        PostAsClientAsync(client, "/oauth2/revoke", app, new Dictionary<string, string> { ["token"] = token }, auth);

    public static async Task<JsonElement> IntrospectAsync(HttpClient client, SsoApp app, string token, ClientAuth auth = ClientAuth.Basic)
    {
        var response = await PostAsClientAsync(client, "/oauth2/introspect", app, new Dictionary<string, string> { ["token"] = token }, auth);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing");
        return await SsoFlow.ReadAsync(response);
    }

    /// <summary>Asserts RFC 7662 §2.2's answer for a token that is not active: exactly <c>{"active": false}</c>.</summary>
    public static void IsExactlyInactive(JsonElement introspection)
    {
        var members = introspection.EnumerateObject().ToList();
        Assert.True(members.Count == 1, $"Expected only \"active\", got {introspection}");
        Assert.Equal("active", members[0].Name);
        Assert.Equal(JsonValueKind.False, members[0].Value.ValueKind);
    }

    /// <summary>POST /oauth2/token with a refresh token (the app's own client auth).</summary>
    public static Task<HttpResponseMessage> RefreshAsync(HttpClient client, SsoApp app, string refreshToken) =>
        SsoFlow.TokenAsync(client, app, SsoFlow.RefreshForm(app, refreshToken));

    /// <summary>POST /v1/turn with an access token as Bearer.</summary>
    public static async Task<HttpResponseMessage> TurnAsync(HttpClient client, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/turn");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request);
    }

    public static Task EnableTurnAsync(BrokerFactory broker, SsoApp app) =>
        TestApps.PatchAsync(broker, app.AppId, new { turn = new { secret = "turn-secret", uris = new[] { "turn:127.0.0.1:3478" } } });

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
