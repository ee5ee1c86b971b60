using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Sso;

/// <summary>The broker's sign-in and sign-out pages (CONTRACT §4): plain HTML forms, no JavaScript.</summary>
public static class SignIn
{
    public const string LoginPath = "/auth/login";
    public const string LogoutPath = "/auth/logout";
    public const string ReturnUrlParameter = "returnUrl";
    public const string WrongCredentials = "The email or password is not right.";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth").WithTags("Sign-in").ExcludeFromDescription();
        group.MapGet("/login", ShowAsync);
        group.MapPost("/login", SubmitAsync).DisableAntiforgery();
        group.MapGet("/logout", ShowLogout);
        group.MapPost("/logout", LogoutAsync).DisableAntiforgery();
        return endpoints;
    }

    public static async Task<IResult> ShowAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var returnUrl = LocalOrNull(context.Request.Query[ReturnUrlParameter]);
        var user = await SsoAuthentication.GetSignedInUserAsync(context);
        if (user is not null && returnUrl is null)
        {
            return HtmlPages.Page("Signed in", $"""
                <h1>Signed in</h1>
                <p>You are signed in as <strong>{HtmlPages.Encode(user.Email)}</strong>.</p>
                <p><a href="{LogoutPath}">Sign out</a></p>
                """);
        }

        return Form(context, antiforgery, returnUrl, email: null, error: null);
    }

    public static async Task<IResult> SubmitAsync(
        HttpContext context, IAntiforgery antiforgery, TokenBrokerDb db, IPasswordHasher<User> hasher, LoginThrottle throttle, TimeProvider time)
    {
        if (!context.Request.HasFormContentType)
        {
            return HtmlPages.Error(StatusCodes.Status415UnsupportedMediaType, "Unsupported form", "Sign in with the form on this page.");
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return HtmlPages.Error(StatusCodes.Status400BadRequest, "Form expired", "The sign-in form expired or was not sent from this site. Go back and try again.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = LocalOrNull(form[ReturnUrlParameter]);
        var emailKey = "email:" + Emails.Normalize(email);
        var addressKey = "ip:" + context.Connection.RemoteIpAddress;

        if (throttle.RetryAfter(emailKey, addressKey) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return HtmlPages.Error(StatusCodes.Status429TooManyRequests, "Too many attempts", "Too many failed sign-ins. Wait a few minutes and try again.");
        }

        var user = email.Length is > 0 and <= Limits.Email
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == Emails.Normalize(email), context.RequestAborted)
            : null;

        // No account enumeration: an unknown email costs the same hash verification as a wrong password.
        var verified = user is not null && password.Length > 0
            && hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (user is null)
        {
            hasher.VerifyHashedPassword(DummyUser, DummyHash.Value, password);
        }

        if (!verified)
        {
            throttle.RecordFailure(emailKey, addressKey);
            return Form(context, antiforgery, returnUrl, email, WrongCredentials);
        }

        throttle.Reset(emailKey);
        var identity = new ClaimsIdentity(
            [
                new Claim("sub", user!.Id),
                new Claim("email", user.Email),
                new Claim(SsoAuthentication.AuthTimeClaim, time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            SsoAuthentication.Scheme, "sub", "role");
        await context.SignInAsync(SsoAuthentication.Scheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl ?? LoginPath);
    }

    public static IResult ShowLogout(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return HtmlPages.Page("Sign out", $"""
            <h1>Sign out</h1>
            <form method="post" action="{LogoutPath}">
            <input type="hidden" name="{HtmlPages.Encode(tokens.FormFieldName)}" value="{HtmlPages.Encode(tokens.RequestToken)}">
            <button type="submit">Sign out</button>
            </form>
            """);
    }

    public static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return HtmlPages.Error(StatusCodes.Status400BadRequest, "Form expired", "Sign out with the button on the sign-out page.");
        }

        await context.SignOutAsync(SsoAuthentication.Scheme);
        return HtmlPages.Page("Signed out", "<h1>Signed out</h1>\n<p>You are signed out of TokenBroker.</p>");
    }

    private static IResult Form(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? email, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var alert = error is null ? "" : $"<p role=\"alert\" class=\"error\" id=\"signin-error\">{HtmlPages.Encode(error)}</p>";
        var describedBy = error is null ? "" : " aria-describedby=\"signin-error\"";
        return HtmlPages.Page("Sign in", $"""
            <h1>Sign in to TokenBroker</h1>
            {alert}
            <form method="post" action="{LoginPath}" novalidate>
            <input type="hidden" name="{HtmlPages.Encode(tokens.FormFieldName)}" value="{HtmlPages.Encode(tokens.RequestToken)}">
            <input type="hidden" name="{ReturnUrlParameter}" value="{HtmlPages.Encode(returnUrl)}">
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="username" required value="{HtmlPages.Encode(email)}"{describedBy} autofocus>
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required{describedBy}>
            <button type="submit">Sign in</button>
            </form>
            """);
    }

    /// <summary>Only a path on this site may be a return target: never an open redirect.</summary>
    public static string? LocalOrNull(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 4096 && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Any(char.IsControl)
            ? url
            : null;

    private static readonly User DummyUser = new() { Id = "", Email = "", NormalizedEmail = "", PasswordHash = "", Type = User.AgentType };

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<User>().HashPassword(DummyUser, "not-a-real-password-for-timing"));
}
