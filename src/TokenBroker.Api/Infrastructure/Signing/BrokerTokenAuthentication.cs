using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>
/// Validates the broker's own JWTs (session and access tokens) with the standard JwtBearer
/// handler over the same key set the JWKS publishes.
/// </summary>
public static class BrokerTokenAuthentication
{
    public const string Scheme = "BrokerToken";
    public const string AppTokenHeader = "App-Token";

    public static IServiceCollection AddBrokerTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddJwtBearer(Scheme);
        services.AddHttpContextAccessor();
        services.AddOptions<JwtBearerOptions>(Scheme)
            .Configure<SigningKeyRing, TimeProvider, IssuerResolver, IHttpContextAccessor>((options, ring, time, issuers, accessor) =>
            {
                options.MapInboundClaims = false;
                options.TimeProvider = time;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAlgorithms = [Jwks.Algorithm],
                    IssuerSigningKeyResolver = (_, _, kid, _) => ring.GetVerificationKeys(kid),
                    IssuerValidator = (issuer, _, _) =>
                        accessor.HttpContext is { } context && issuer == issuers.GetIssuer(context)
                            ? issuer
                            : throw new SecurityTokenInvalidIssuerException("The token was not issued by this broker."),

                    // Each feature checks that the audience is a live app of its own.
                    ValidateAudience = false,

                    // The broker is the only clock for its own tokens: refused from the second exp passes.
                    ClockSkew = TimeSpan.Zero,
                    LifetimeValidator = (notBefore, expires, _, _) => IsAlive(time.GetUtcNow().UtcDateTime, notBefore, expires),
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                };
                options.Events = new JwtBearerEvents
                {
                    // Respoke clients send the session token as App-Token; Bearer works as well.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Headers.TryGetValue(AppTokenHeader, out var appToken) && appToken.Count == 1)
                        {
                            context.Token = appToken[0];
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        return services;
    }

    internal static bool IsAlive(DateTime now, DateTime? notBefore, DateTime? expires) =>
        expires is { } exp && now < exp && (notBefore is not { } nbf || nbf <= now);
}
