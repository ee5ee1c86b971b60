using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Sso;

/// <summary>
/// The authorization endpoint under both names: Toky's <c>/auth/sso/login/{appId}</c> and the
/// standard <c>/oauth2/authorize</c>. Until app and redirect URI are known good, errors are pages;
/// after that they go back to the client as redirects (RFC 6749 §4.1.2.1).
/// </summary>
public static partial class Authorize
{
    public static readonly string[] SupportedScopes = ["openid", "email", "profile", "offline_access"];

    private static readonly string[] KnownParameters =
        ["response_type", "client_id", "redirect_uri", "redirect_url", "state", "nonce", "code_challenge", "code_challenge_method", "scope", "prompt", "response_mode"];

    public static Task<IResult> SsoLoginAsync(string appId, HttpContext context) =>
        HandleAsync(context, appId, context.Request.Query["redirect_url"], standardNames: false);

    public static Task<IResult> AuthorizeAsync(HttpContext context) =>
        HandleAsync(context, context.Request.Query["client_id"], context.Request.Query["redirect_uri"], standardNames: true);

    private static async Task<IResult> HandleAsync(HttpContext context, string? appId, string? requestedRedirect, bool standardNames)
    {
        var services = context.RequestServices;
        var query = context.Request.Query;
        if (string.IsNullOrEmpty(appId) || appId.Length > Limits.Id)
        {
            return HtmlPages.Error(StatusCodes.Status400BadRequest, "Bad request", "The request names no app (client_id).");
        }

        var app = await services.GetRequiredService<AppCache>().GetAsync(appId, context.RequestAborted);
        if (app is null)
        {
            return HtmlPages.Error(StatusCodes.Status404NotFound, "Unknown app", "No app is registered with this id.");
        }

        // RFC 6749 §3.1.2.3: the redirect URI may be left out only when exactly one is registered.
        string? redirect;
        if (string.IsNullOrEmpty(requestedRedirect))
        {
            redirect = app.RedirectUris.Count == 1 ? app.RedirectUris[0] : null;
            if (redirect is null)
            {
                return HtmlPages.Error(StatusCodes.Status400BadRequest, "Bad request", "The request must name its redirect URL.");
            }
        }
        else
        {
            // RFC 9700 §4.1.3: exact match; never redirect anywhere that is not registered.
            redirect = RedirectMatcher.FindRegistered(app.RedirectUris, requestedRedirect, app.PublicClient) is null ? null : requestedRedirect;
            if (redirect is null)
            {
                return HtmlPages.Error(StatusCodes.Status400BadRequest, "Redirect not allowed", "This redirect URL is not registered for the app.");
            }
        }

        var issuer = services.GetRequiredService<IssuerResolver>().GetIssuer(context);
        var reply = new Reply(redirect, query["state"], issuer, query["response_mode"]);
        if (Check(query, app, standardNames) is { } problem)
        {
            return reply.Error(problem);
        }

        var user = await SsoAuthentication.GetSignedInUserAsync(context);
        if (user is null)
        {
            // OIDC Core §3.1.2.1: prompt=none must not show a sign-in page.
            return query["prompt"] == "none"
                ? reply.Error(new OAuthError(OAuthError.LoginRequired, "The user is not signed in."))
                : Results.Redirect(QueryHelpers.AddQueryString(SignIn.LoginPath, SignIn.ReturnUrlParameter, context.Request.Path + context.Request.QueryString));
        }

        var db = services.GetRequiredService<TokenBrokerDb>();
        var isMember = await db.Memberships.AnyAsync(m => m.AppId == app.Id && m.UserId == user.UserId, context.RequestAborted);
        if (!isMember)
        {
            return reply.Error(new OAuthError(OAuthError.AccessDenied, "This user is not a member of the app."));
        }

        var code = await AuthorizationCodes.CreateAsync(db, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IOptions<TokenBrokerOptions>>().Value,
            new CodeGrant(app.Id, user.UserId, redirect, !string.IsNullOrEmpty(requestedRedirect), query["code_challenge"], NormalizeScope(query["scope"]), query["nonce"], user.AuthTime),
            context.RequestAborted);
        return reply.Success(code);
    }

    /// <summary>One check per rule, in order; null when the request may proceed.</summary>
    private static OAuthError? Check(IQueryCollection query, AppSnapshot app, bool standardNames)
    {
        // RFC 6749 §3.1: parameters must not be repeated.
        if (KnownParameters.Any(p => query[p].Count > 1))
        {
            return OAuthError.Request("A parameter was sent more than once.");
        }

        // RFC 6749 §4.1.1: response_type is required and must be "code".
        var responseType = query["response_type"].ToString();
        if (standardNames && responseType.Length == 0)
        {
            return OAuthError.Request("response_type is required.");
        }

        if (responseType.Length > 0 && responseType != "code")
        {
            return new OAuthError(OAuthError.UnsupportedResponseType, "Only response_type=code is supported.");
        }

        var responseMode = query["response_mode"].ToString();
        if (responseMode.Length > 0 && responseMode is not ("query" or "form_post"))
        {
            return OAuthError.Request("response_mode must be query or form_post.");
        }

        // RFC 7636 §4.3 and CONTRACT §4: S256 only; a challenge without a method would mean "plain".
        var challenge = query["code_challenge"].ToString();
        var method = query["code_challenge_method"].ToString();
        if (challenge.Length == 0 && method.Length > 0)
        {
            return OAuthError.Request("code_challenge_method was sent without code_challenge.");
        }

        if (challenge.Length > 0 && method != "S256")
        {
            return OAuthError.Request("Only code_challenge_method=S256 is supported.");
        }

        if (challenge.Length > 0 && !PkceChallenge().IsMatch(challenge))
        {
            return OAuthError.Request("code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.2).");
        }

        // RFC 9700 §2.1.1: public clients must use PKCE.
        if (app.PublicClient && challenge.Length == 0)
        {
            return OAuthError.Request("This app is public: PKCE (code_challenge with S256) is required.");
        }

        var scopes = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Any(s => !SupportedScopes.Contains(s)))
        {
            return new OAuthError(OAuthError.InvalidScope, $"Supported scopes: {string.Join(' ', SupportedScopes)}.");
        }

        if (query["state"].ToString().Length > 2048 || query["nonce"].ToString().Length > 512
            || query["state"].ToString().Any(char.IsControl) || query["nonce"].ToString().Any(char.IsControl))
        {
            return OAuthError.Request("state must be at most 2048 and nonce at most 512 characters, without control characters.");
        }

        return null;
    }

    private static string NormalizeScope(string? scope) =>
        string.Join(' ', (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal));

    [GeneratedRegex(@"\A[A-Za-z0-9\-._~]{43,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PkceChallenge();

    /// <summary>The authorization response, to a URI already known to be registered.</summary>
    private sealed record Reply(string RedirectUri, string? State, string Issuer, string? ResponseMode)
    {
        public IResult Success(string code) => Send(new() { ["code"] = code });

        public IResult Error(OAuthError error) => Send(new() { ["error"] = error.Error, ["error_description"] = error.Description });

        private IResult Send(Dictionary<string, string?> parameters)
        {
            if (!string.IsNullOrEmpty(State))
            {
                parameters["state"] = State;
            }

            // RFC 9207: tell the client which issuer answered, against mix-up attacks.
            parameters["iss"] = Issuer;
            return ResponseMode == "form_post" ? FormPost(parameters) : Results.Redirect(QueryHelpers.AddQueryString(RedirectUri, parameters));
        }

        /// <summary>OAuth 2.0 Form Post Response Mode: an auto-submitting form (with a button for no-JS browsers).</summary>
        private IResult FormPost(Dictionary<string, string?> parameters)
        {
            var fields = string.Concat(parameters.Select(p => $"<input type=\"hidden\" name=\"{HtmlPages.Encode(p.Key)}\" value=\"{HtmlPages.Encode(p.Value)}\">"));
            var body = $"""
                <h1>Signing you in…</h1>
                <form method="post" action="{HtmlPages.Encode(RedirectUri)}">{fields}<button type="submit">Continue</button></form>
                <script>document.forms[0].submit()</script>
                """;
            return HtmlPages.Page("Signing in", body);
        }
    }
}
