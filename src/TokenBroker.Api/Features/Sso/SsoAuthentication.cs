using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Options;

namespace TokenBroker.Api.Features.Sso;

/// <summary>The broker's own sign-in session: a cookie, protected with the store's Data Protection key ring.</summary>
public static class SsoAuthentication
{
    public const string Scheme = "BrokerSession";
    public const string CookieName = "tb.session";
    public const string AuthTimeClaim = "auth_time";

    public static IServiceCollection AddSsoServices(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<IOptions<TokenBrokerOptions>>((cookie, broker) =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = broker.Value.Sso.SessionLifetime;
                cookie.SlidingExpiration = false;
                cookie.LoginPath = SignIn.LoginPath;
                cookie.ReturnUrlParameter = SignIn.ReturnUrlParameter;
            });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "tb.antiforgery";
            options.FormFieldName = "__RequestVerificationToken";
        });
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SsoTokenIssuer>();
        return services;
    }

    /// <summary>The signed-in user of this browser, or null.</summary>
    public static async Task<SignedInUser?> GetSignedInUserAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.FindFirstValue("sub") is not { } userId)
        {
            return null;
        }

        var authTime = long.TryParse(result.Principal.FindFirstValue(AuthTimeClaim), out var seconds) ? seconds : 0;
        return new SignedInUser(userId, result.Principal.FindFirstValue("email") ?? "", DateTimeOffset.FromUnixTimeSeconds(authTime));
    }
}

public sealed record SignedInUser(string UserId, string Email, DateTimeOffset AuthTime);
