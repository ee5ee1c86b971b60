using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>
/// Validates the broker's own JWTs (session and access tokens) with the standard JwtBearer
/// handler over the same key set the JWKS publishes, then refuses tokens of deleted apps and
/// revoked tokens, from memory.
/// </summary>
public static class BrokerTokenAuthentication
{
    public const string Scheme = "BrokerToken";
    public const string CallerPolicy = "Caller";
    public const string AppTokenHeader = "App-Token";

    public static IServiceCollection AddBrokerTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddJwtBearer(Scheme);
        services.AddAuthorizationBuilder()
            .AddPolicy(CallerPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        services.AddHttpContextAccessor();
        services.AddOptions<JwtBearerOptions>(Scheme)
            .Configure<SigningKeyRing, TimeProvider, IssuerResolver, IHttpContextAccessor>((options, ring, time, issuers, accessor) =>
            {
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new VerifiedTokenCache { MapInboundClaims = false });
                options.TimeProvider = time;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAlgorithms = [Jwks.Algorithm],
                    IssuerSigningKeyResolver = (_, _, kid, _) => ring.GetVerificationKeys(kid),
                    IssuerValidator = (issuer, _, _) =>
                        accessor.HttpContext is { } context && issuer == issuers.GetIssuer(context)
                            ? issuer
                            : throw new SecurityTokenInvalidIssuerException("The token was not issued by this broker."),

                    // The audience is an app id: OnTokenValidated checks the app still exists.
                    ValidateAudience = false,

                    // The broker is the only clock for its own tokens: refused from the second exp passes.
                    ClockSkew = TimeSpan.Zero,
                    LifetimeValidator = (notBefore, expires, _, _) => IsAlive(time.GetUtcNow().UtcDateTime, notBefore, expires),
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadAppToken,
                    OnTokenValidated = CheckAppAndRevocationAsync,
                    OnChallenge = WriteChallengeAsync,
                    OnForbidden = context => ErrorHandling.WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "The token does not grant this."),
                };
            });
        return services;
    }

    internal static bool IsAlive(DateTime now, DateTime? notBefore, DateTime? expires) =>
        expires is { } exp && now < exp && (notBefore is not { } nbf || nbf <= now);

    /// <summary>Respoke clients send the session token as App-Token; Bearer works as well.</summary>
    private static Task ReadAppToken(MessageReceivedContext context)
    {
        if (context.Request.Headers.TryGetValue(AppTokenHeader, out var appToken) && appToken.Count == 1)
        {
            context.Token = appToken[0];
        }

        return Task.CompletedTask;
    }

    private static async Task CheckAppAndRevocationAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var appId = principal.FindFirstValue("aud");
        var jti = principal.FindFirstValue("jti");
        if (appId is null || jti is null)
        {
            context.Fail("The token lacks aud or jti.");
            return;
        }

        var services = context.HttpContext.RequestServices;
        if (services.GetRequiredService<RevocationList>().IsRevoked(jti, principal.FindFirstValue("sid")))
        {
            context.Fail("The token was revoked.");
            return;
        }

        // Everything issued for a deleted app stops working (CONTRACT §2).
        if (await services.GetRequiredService<AppCache>().GetAsync(appId, context.HttpContext.RequestAborted) is null)
        {
            context.Fail("The token's app no longer exists.");
        }
    }

    /// <summary>RFC 6750 §3: a WWW-Authenticate challenge, with the contract's problem body.</summary>
    private static Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var invalid = context.AuthenticateFailure is not null;
        context.Response.Headers.WWWAuthenticate = invalid ? "Bearer error=\"invalid_token\"" : "Bearer";
        var detail = invalid
            ? "The token is invalid, expired or revoked."
            : "A session token (App-Token header) or an access token (Authorization: Bearer) is required.";
        return ErrorHandling.WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail, error: invalid ? Problems.InvalidToken : Problems.UnauthorizedCode);
    }
}

/// <summary>The authenticated caller of a protocol route: an end user (session token) or an agent (access token).</summary>
public sealed record Caller(string AppId, string Subject, string Jti, IReadOnlySet<string> Permissions, DateTimeOffset ExpiresAt)
{
    public static Caller From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);

        // One pass over the claims (this runs on every protocol request); the first value of each wins.
        string? aud = null, sub = null, jti = null, exp = null;
        var permissions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in principal.Claims)
        {
            switch (claim.Type)
            {
                case "aud":
                    aud ??= claim.Value;
                    break;
                case "sub":
                    sub ??= claim.Value;
                    break;
                case "jti":
                    jti ??= claim.Value;
                    break;
                case "exp":
                    exp ??= claim.Value;
                    break;
                case "permissions":
                    permissions.Add(claim.Value);
                    break;
            }
        }

        var expires = long.Parse(exp!, System.Globalization.CultureInfo.InvariantCulture);
        return new Caller(aud!, sub ?? "", jti!, permissions, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    public bool Has(string permission) => Permissions.Contains(permission);
}
