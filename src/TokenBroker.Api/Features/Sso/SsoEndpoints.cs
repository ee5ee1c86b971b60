using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.OpenApi;

namespace TokenBroker.Api.Features.Sso;

/// <summary>SSO and OAuth 2.0 (CONTRACT §4): authorization, token, revocation and introspection endpoints.</summary>
public static class SsoEndpoints
{
    public static IEndpointRouteBuilder MapSsoEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignInEndpoints();

        endpoints.MapGet("/auth/sso/login/{appId}", Authorize.SsoLoginAsync).ExcludeFromDescription();
        endpoints.MapGet("/oauth2/authorize", (Delegate)Authorize.AuthorizeAsync).ExcludeFromDescription();

        var oauth = endpoints.MapGroup("/oauth2").WithTags("OAuth 2.0").DisableAntiforgery();
        oauth.MapPost("/token", TokenEndpoint.HandleAsync)
            .WithName("Token").WithSummary("Exchange an authorization code or a refresh token (RFC 6749 §3.2)")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<TokenResponse>().Produces<OAuthErrorBody>(StatusCodes.Status400BadRequest).Produces<OAuthErrorBody>(StatusCodes.Status401Unauthorized);
        oauth.MapPost("/revoke", RevocationEndpoints.RevokeAsync)
            .WithName("Revoke").WithSummary("Revoke a refresh or access token (RFC 7009)")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status200OK).Produces<OAuthErrorBody>(StatusCodes.Status401Unauthorized);
        oauth.MapPost("/introspect", RevocationEndpoints.IntrospectAsync)
            .WithName("Introspect").WithSummary("Is this token active, and what does it carry (RFC 7662)")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<IntrospectionResponse>().Produces<OAuthErrorBody>(StatusCodes.Status401Unauthorized);

        var toky = endpoints.MapGroup("/v1/access_token").WithTags("SSO (Toky-style)").DisableAntiforgery()
            .RequiresCredentials(SecuritySchemes.AppSecret);
        toky.MapPost("/", TokyEndpoints.ExchangeAsync)
            .WithName("TokyExchangeCode").WithSummary("Exchange an SSO authorization code for tokens (App-Secret; public apps omit it)")
            .Accepts<TokyCodeRequest>("application/json")
            .Produces<TokenResponse>().Produces<OAuthErrorBody>(StatusCodes.Status400BadRequest).Produces<OAuthErrorBody>(StatusCodes.Status401Unauthorized)
            .WithExamples(new TokyCodeRequest("code", "tbc_…", "https://app.acme.example/sso/callback", null),
                new TokenResponse("eyJhbGciOiJFUzI1NiIs…", "Bearer", 3600, "tbr_…", "", null));
        toky.MapPost("/refresh", TokyEndpoints.RefreshAsync)
            .WithName("TokyRefresh").WithSummary("Renew tokens with a refresh token (form: token, grant_type=refresh_token)")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<TokenResponse>().Produces<OAuthErrorBody>(StatusCodes.Status400BadRequest)
            .WithExamples(response: new TokenResponse("eyJhbGciOiJFUzI1NiIs…", "Bearer", 3600, "tbr_…", "", null));
        return endpoints;
    }
}
